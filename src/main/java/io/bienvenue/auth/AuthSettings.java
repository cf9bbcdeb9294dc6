package io.bienvenue.auth;

import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import java.util.Objects;

/**
 * The rules {@link Auth} applies, which differ between development and production.
 *
 * @param lifetimes how long sessions and reset tokens live
 * @param throttle how many failed logins are tolerated
 * @param passwords which new passwords are accepted
 * @param resetDelivery how reset tokens reach users
 * @param verification whether users must verify their email before logging in
 * @param mailLimits how many requests for mail are accepted per email and per address
 */
public record AuthSettings(
    Lifetimes lifetimes,
    ThrottlePolicy throttle,
    PasswordPolicy passwords,
    ResetDelivery resetDelivery,
    EmailVerification verification,
    MailLimits mailLimits) {

  /** The original's behaviour: any non-empty password, reset tokens in the response. */
  public static final AuthSettings DEVELOPMENT =
      new AuthSettings(
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          PasswordPolicy.development(),
          ResetDelivery.IN_RESPONSE);

  /**
   * Checks that no rule is missing, and that only a service that sends mail requires verification.
   *
   * @throws IllegalArgumentException if verification is required but reset tokens are not mailed
   */
  public AuthSettings {
    Objects.requireNonNull(lifetimes, "lifetimes");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(passwords, "passwords");
    Objects.requireNonNull(resetDelivery, "resetDelivery");
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(mailLimits, "mailLimits");
    if (verification.required() && resetDelivery != ResetDelivery.BY_EMAIL) {
      throw new IllegalArgumentException("email verification needs a service that sends mail");
    }
  }

  /** Settings with no email verification and the default mail limits. */
  public AuthSettings(
      Lifetimes lifetimes,
      ThrottlePolicy throttle,
      PasswordPolicy passwords,
      ResetDelivery resetDelivery) {
    this(lifetimes, throttle, passwords, resetDelivery, EmailVerification.OFF, MailLimits.DEFAULTS);
  }

  /**
   * Tells whether the service sends mail (production): reset tokens, verification links, and
   * notices such as "your password was changed", go through the outbox.
   */
  public boolean sendsMail() {
    return resetDelivery == ResetDelivery.BY_EMAIL;
  }

  /** Returns these settings with {@code newVerification}. */
  public AuthSettings withVerification(EmailVerification newVerification) {
    return new AuthSettings(
        lifetimes, throttle, passwords, resetDelivery, newVerification, mailLimits);
  }
}
