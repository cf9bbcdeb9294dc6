package io.bienvenue.mail;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox dispatcher works through the outbox.
 *
 * @param pollInterval the pause between two rounds of the background thread
 * @param lease how long a round holds the messages it claimed; it must exceed the time to render
 *     and send a whole batch, or another instance may send a message this one is still sending
 * @param batchSize the most messages one round claims
 * @param maxAttempts after this many failed attempts a message is dropped
 * @param backoffBase the wait after the first failure; it doubles with each failure after
 * @param backoffCap the longest wait between two attempts
 */
public record DispatcherSettings(
    Duration pollInterval,
    Duration lease,
    int batchSize,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffCap) {

  /**
   * The defaults: a poll every 2 seconds, 10 messages a round leased for 5 minutes, retries after
   * 30 seconds, 1, 2, 4, 8 and 16 minutes, then every 30 minutes, and 10 attempts in all (about two
   * hours).
   */
  public static final DispatcherSettings DEFAULTS =
      new DispatcherSettings(
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          10,
          10,
          Duration.ofSeconds(30),
          Duration.ofMinutes(30));

  /**
   * Checks every setting.
   *
   * @throws IllegalArgumentException if a duration is not positive, a count is below 1, or the cap
   *     is below the base
   */
  public DispatcherSettings {
    requirePositive(pollInterval, "pollInterval");
    requirePositive(lease, "lease");
    requirePositive(backoffBase, "backoffBase");
    requirePositive(backoffCap, "backoffCap");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (backoffCap.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoffCap must not be below backoffBase");
    }
  }

  /**
   * The wait before the next attempt of a message that has now failed {@code failures} times:
   * {@code backoffBase × 2^(failures - 1)}, at most {@code backoffCap}.
   */
  public Duration backoff(int failures) {
    int doublings = Math.max(0, failures - 1);
    if (doublings >= 62) {
      return backoffCap;
    }
    long factor = 1L << doublings;
    if (backoffBase.toMillis() > backoffCap.toMillis() / factor) {
      return backoffCap;
    }
    Duration wait = backoffBase.multipliedBy(factor);
    return wait.compareTo(backoffCap) > 0 ? backoffCap : wait;
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
