package io.bienvenue.auth.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * How many failed logins are tolerated within a window before further attempts are refused until
 * the window ends. Three counters apply at once; any one over its limit refuses the attempt.
 *
 * @param perAccountAndAddress failures for one account from one client address (the hard limit: the
 *     attacker's address is refused while the real user, elsewhere, still logs in)
 * @param perAddress failures from one client address over every account (password spraying)
 * @param perAccount failures for one account from every address (a soft, larger limit that bounds a
 *     distributed attack on one account; NIST SP 800-63B caps it at 100)
 * @param window how long a counter lives after its first failure
 */
public record ThrottlePolicy(
    int perAccountAndAddress, int perAddress, int perAccount, Duration window) {

  /** The defaults: 10 per account and address, 100 per address, 100 per account, 15 minutes. */
  public static final ThrottlePolicy DEFAULTS =
      new ThrottlePolicy(10, 100, 100, Duration.ofMinutes(15));

  /**
   * Checks every limit.
   *
   * @throws IllegalArgumentException naming the flag of the first value out of range
   */
  public ThrottlePolicy {
    requireLimit(perAccountAndAddress, "--login-max-failures");
    requireLimit(perAddress, "--login-max-failures-per-address");
    requireLimit(perAccount, "--login-max-failures-per-account");
    if (perAccount > 100) {
      throw new IllegalArgumentException(
          "--login-max-failures-per-account must be at most 100 (NIST SP 800-63B), not "
              + perAccount);
    }
    Objects.requireNonNull(window, "--login-failure-window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("--login-failure-window must be positive, not " + window);
    }
  }

  private static void requireLimit(int limit, String flag) {
    if (limit < 1) {
      throw new IllegalArgumentException(flag + " must be at least 1, not " + limit);
    }
  }
}
