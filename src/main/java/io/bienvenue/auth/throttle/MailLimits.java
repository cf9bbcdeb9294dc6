package io.bienvenue.auth.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * How many mails sent on unauthenticated requests (a verification link at registration, a reset
 * link, a new verification link) are accepted within a window before further ones are refused until
 * the window ends, so that no one can flood a mailbox, use the service to spam many, or spend the
 * sender's reputation. Every limit applies at once, as django-allauth's rate limits do (ASVS
 * 11.1.4).
 *
 * @param perEmail mails to one mailbox, from every address; the {@code +tag} forms of a mailbox are
 *     that mailbox ({@link io.bienvenue.user.Email#mailbox})
 * @param perAddress requests from one client address, over every email
 * @param overall mails to anyone from anywhere: the whole service's budget
 * @param window how long a counter lives after its first request
 */
public record MailLimits(int perEmail, int perAddress, int overall, Duration window) {

  /** The default budget of the whole service: 500 such mails an hour. */
  public static final int DEFAULT_OVERALL = 500;

  /** The defaults: 5 mails per mailbox, 30 requests per address and 500 in all in an hour. */
  public static final MailLimits DEFAULTS =
      new MailLimits(5, 30, DEFAULT_OVERALL, Duration.ofHours(1));

  /**
   * Checks every limit.
   *
   * @throws IllegalArgumentException if a limit is below 1 or the window not positive
   */
  public MailLimits {
    if (perEmail < 1 || perAddress < 1 || overall < 1) {
      throw new IllegalArgumentException("mail limits must be at least 1");
    }
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the mail window must be positive, not " + window);
    }
  }

  /** Limits per mailbox and per address, with the default overall budget. */
  public MailLimits(int perEmail, int perAddress, Duration window) {
    this(perEmail, perAddress, DEFAULT_OVERALL, window);
  }
}
