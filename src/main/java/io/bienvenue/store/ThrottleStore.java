package io.bienvenue.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Failure counters for login throttling, over the {@code login_throttle} table. Each counter has a
 * window that opens at its first failure; a failure after the window has passed starts a new one.
 * Counting happens in the database, in one statement per counter, so every instance on the same
 * database shares the counts and concurrent failures are never lost. Thread-safe.
 */
public final class ThrottleStore {

  /**
   * A counter's state.
   *
   * @param failures failures counted in the current window
   * @param windowStart when the current window opened
   */
  public record Counter(int failures, Instant windowStart) {}

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public ThrottleStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Returns the counter under {@code key}, if it has a window opened after {@code openAfter}. */
  public Optional<Counter> find(String key, Instant openAfter) {
    Objects.requireNonNull(key, "key");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT failures, window_start FROM login_throttle"
                        + " WHERE throttle_key = ? AND window_start > ?")
                .bind(0, key)
                .bind(1, openAfter.toEpochMilli())
                .map(
                    (row, context) ->
                        new Counter(
                            row.getInt("failures"),
                            Instant.ofEpochMilli(row.getLong("window_start"))))
                .findOne());
  }

  /**
   * Counts one failure at {@code now} under each key: a counter whose window opened at or before
   * {@code openAfter} starts over at 1 with a window opening now. Counters whose windows opened
   * before {@code openAfter} are deleted while at it, so the table stays small under attack.
   */
  public void recordFailure(Collection<String> keys, Instant now, Instant openAfter) {
    long cutoff = openAfter.toEpochMilli();
    jdbi.useTransaction(
        handle -> {
          for (String key : keys) {
            handle
                .createUpdate(
                    """
                    INSERT INTO login_throttle (throttle_key, failures, window_start)
                    VALUES (?, 1, ?)
                    ON CONFLICT (throttle_key) DO UPDATE SET
                      failures = CASE WHEN login_throttle.window_start <= ? THEN 1
                                      ELSE login_throttle.failures + 1 END,
                      window_start = CASE WHEN login_throttle.window_start <= ?
                                          THEN excluded.window_start
                                          ELSE login_throttle.window_start END
                    """)
                .bind(0, key)
                .bind(1, now.toEpochMilli())
                .bind(2, cutoff)
                .bind(3, cutoff)
                .execute();
          }
          handle
              .createUpdate("DELETE FROM login_throttle WHERE window_start < ?")
              .bind(0, cutoff)
              .execute();
        });
  }

  /** Deletes the counters under {@code keys}. */
  public void clear(Collection<String> keys) {
    jdbi.useHandle(
        handle -> {
          for (String key : keys) {
            handle
                .createUpdate("DELETE FROM login_throttle WHERE throttle_key = ?")
                .bind(0, key)
                .execute();
          }
        });
  }
}
