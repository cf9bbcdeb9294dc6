package io.bienvenue.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How many requests that send mail (a reset link, a new verification link) are accepted within a
 * window before further ones are refused until the window ends, so that no one can flood a mailbox
 * or use the service to spam many. Both limits apply at once.
 *
 * @param perEmail requests for one email, from every address
 * @param perAddress requests from one client address, over every email
 * @param window how long a counter lives after its first request
 */
public record MailLimits(int perEmail, int perAddress, Duration window) {

  /** The defaults: 5 mails per email and 30 requests per address in an hour. */
  public static final MailLimits DEFAULTS = new MailLimits(5, 30, Duration.ofHours(1));

  /**
   * Checks every limit.
   *
   * @throws IllegalArgumentException if a limit is below 1 or the window not positive
   */
  public MailLimits {
    if (perEmail < 1 || perAddress < 1) {
      throw new IllegalArgumentException("mail limits must be at least 1");
    }
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the mail window must be positive, not " + window);
    }
  }
}
