package io.bienvenue.auth;

import java.util.Objects;

/**
 * The rules {@link Auth} applies, which differ between development and production.
 *
 * @param lifetimes how long sessions and reset tokens live
 * @param throttle how many failed logins are tolerated
 * @param passwords which new passwords are accepted
 * @param resetDelivery how reset tokens reach users
 */
public record AuthSettings(
    Lifetimes lifetimes,
    ThrottlePolicy throttle,
    PasswordPolicy passwords,
    ResetDelivery resetDelivery) {

  /** The original's behaviour: any non-empty password, reset tokens in the response. */
  public static final AuthSettings DEVELOPMENT =
      new AuthSettings(
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          PasswordPolicy.development(),
          ResetDelivery.IN_RESPONSE);

  /** Checks that no rule is missing. */
  public AuthSettings {
    Objects.requireNonNull(lifetimes, "lifetimes");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(passwords, "passwords");
    Objects.requireNonNull(resetDelivery, "resetDelivery");
  }

  /**
   * Tells whether the service sends mail (production): reset tokens, and notices such as "your
   * password was changed", go through the outbox.
   */
  public boolean sendsMail() {
    return resetDelivery == ResetDelivery.BY_EMAIL;
  }

  /** Returns these settings with {@code newLifetimes}. */
  public AuthSettings withLifetimes(Lifetimes newLifetimes) {
    return new AuthSettings(newLifetimes, throttle, passwords, resetDelivery);
  }

  /** Returns these settings with {@code newThrottle}. */
  public AuthSettings withThrottle(ThrottlePolicy newThrottle) {
    return new AuthSettings(lifetimes, newThrottle, passwords, resetDelivery);
  }
}
