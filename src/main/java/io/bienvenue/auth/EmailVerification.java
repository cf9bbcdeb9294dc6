package io.bienvenue.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether users must prove their email is theirs before they log in, and how long the link mailed
 * to them works. Only a service that sends mail (production) can require it.
 *
 * @param required whether a login with an unverified email is refused, and registration mails a
 *     verification link
 * @param tokenLifetime a verification token stops working this long after it was issued
 */
public record EmailVerification(boolean required, Duration tokenLifetime) {

  /** The default lifetime of a verification token: a day, for a mail read the next morning. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(24);

  /** Verification not required, as in development and by default. */
  public static final EmailVerification OFF = new EmailVerification(false, DEFAULT_TOKEN_LIFETIME);

  /**
   * Checks the lifetime.
   *
   * @throws IllegalArgumentException if the lifetime is not positive
   */
  public EmailVerification {
    Objects.requireNonNull(tokenLifetime, "--verification-token-lifetime");
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException(
          "--verification-token-lifetime must be positive, not " + tokenLifetime);
    }
  }
}
