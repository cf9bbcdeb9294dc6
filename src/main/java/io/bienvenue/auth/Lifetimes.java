package io.bienvenue.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How long sessions and reset tokens live.
 *
 * @param sessionIdleTimeout a session unused this long ends
 * @param sessionLifetime a session ends this long after login, however active
 * @param resetTokenLifetime a reset token stops working this long after it was issued
 */
public record Lifetimes(
    Duration sessionIdleTimeout, Duration sessionLifetime, Duration resetTokenLifetime) {

  /** The defaults: 30 minutes idle, 12 hours in all, 15 minutes for a reset token. */
  public static final Lifetimes DEFAULTS =
      new Lifetimes(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(15));

  /**
   * Checks that every duration is positive and the idle timeout is within the lifetime.
   *
   * @throws IllegalArgumentException naming the flag of the first duration out of range
   */
  public Lifetimes {
    requirePositive(sessionIdleTimeout, "--session-idle-timeout");
    requirePositive(sessionLifetime, "--session-lifetime");
    requirePositive(resetTokenLifetime, "--reset-token-lifetime");
    if (sessionIdleTimeout.compareTo(sessionLifetime) > 0) {
      throw new IllegalArgumentException(
          "--session-idle-timeout must not be longer than --session-lifetime");
    }
  }

  /**
   * How stale a session's last-used stamp may grow before a request rewrites it: a tenth of the
   * idle timeout, at most a minute. Reading a session then stays a read on almost every request, at
   * the price of the idle timeout being that much less exact.
   */
  Duration touchInterval() {
    Duration tenth = sessionIdleTimeout.dividedBy(10);
    return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
  }

  private static void requirePositive(Duration duration, String flag) {
    Objects.requireNonNull(duration, flag);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(flag + " must be positive, not " + duration);
    }
  }
}
