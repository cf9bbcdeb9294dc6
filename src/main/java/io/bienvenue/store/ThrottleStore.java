package io.bienvenue.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.generic.GenericType;

/**
 * Counters for throttling, over one of two tables: {@code login_throttle} (failed logins) or {@code
 * mail_throttle} (requests for mail). Each counter has a window that opens at its first count; a
 * count after the window has passed starts a new one. Counting happens in the database, in one
 * statement per counter, so every instance on the same database shares the counts and concurrent
 * counts are never lost. The two tables keep their windows apart: pruning the expired counters of
 * one never touches the other. Thread-safe.
 */
public final class ThrottleStore {

  /** The table a store counts in: its name comes from here, never from a caller's text. */
  public enum Table {
    /** Failed logins and failed password confirmations. */
    LOGIN("login_throttle"),
    /** Requests that send mail: reset links and verification links. */
    MAIL("mail_throttle");

    private final String sqlName;

    Table(String sqlName) {
      this.sqlName = sqlName;
    }
  }

  /**
   * A counter's state.
   *
   * @param failures failures counted in the current window
   * @param windowStart when the current window opened
   */
  public record Counter(int failures, Instant windowStart) {}

  /** Counts one under a key: a counter whose window opened at or before the cutoff starts over. */
  private static final String UPSERT =
      """
      INSERT INTO %1$s (throttle_key, failures, window_start)
      VALUES (?, 1, ?)
      ON CONFLICT (throttle_key) DO UPDATE SET
        failures = CASE WHEN %1$s.window_start <= ? THEN 1
                        ELSE %1$s.failures + 1 END,
        window_start = CASE WHEN %1$s.window_start <= ?
                            THEN excluded.window_start
                            ELSE %1$s.window_start END
      """;

  private final Jdbi jdbi;
  private final String table;

  /** Creates a store of failed-login counters over {@code jdbi}. */
  public ThrottleStore(Jdbi jdbi) {
    this(jdbi, Table.LOGIN);
  }

  /** Creates a store over {@code jdbi} that counts in {@code table}. */
  public ThrottleStore(Jdbi jdbi, Table table) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.table = Objects.requireNonNull(table, "table").sqlName;
  }

  /**
   * Returns the counters under {@code keys} that have a window opened after {@code openAfter}, in
   * one query, keyed by their key; a key with no such counter is absent.
   */
  public Map<String, Counter> find(Collection<String> keys, Instant openAfter) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT throttle_key, failures, window_start FROM "
                        + table
                        + " WHERE throttle_key IN (<keys>) AND window_start > :openAfter")
                .bindList("keys", List.copyOf(keys))
                .bind("openAfter", openAfter.toEpochMilli())
                .setMapKeyColumn("throttle_key")
                .registerRowMapper(
                    Counter.class,
                    (row, context) ->
                        new Counter(
                            row.getInt("failures"),
                            Instant.ofEpochMilli(row.getLong("window_start"))))
                .collectInto(new GenericType<Map<String, Counter>>() {}));
  }

  /**
   * Counts one attempt at {@code now} under each key of {@code limits}, but only if every counter
   * stays within its limit: the reservation an attempt makes before any work is done for it. Each
   * counter is raised by one statement that returns its new value ({@code INSERT … ON CONFLICT DO
   * UPDATE … RETURNING}), in one transaction, so of N concurrent attempts at a counter with room
   * for k, exactly k are counted, whichever instance they reach. If any counter would pass its
   * limit, the transaction is rolled back and nothing is counted. A counter whose window opened at
   * or before {@code openAfter} starts over at 1 with a window opening now; counters whose windows
   * opened before {@code openAfter} are deleted while at it, so the table stays small under attack.
   *
   * @param limits the most each counter may reach, by key
   * @return the counters that would have passed their limit, with their windows; empty if the
   *     attempt was counted
   */
  public List<Counter> countIfUnder(Map<String, Integer> limits, Instant now, Instant openAfter) {
    Objects.requireNonNull(limits, "limits");
    long cutoff = openAfter.toEpochMilli();
    try {
      jdbi.useTransaction(
          handle -> {
            List<Counter> over = new ArrayList<>();
            for (Map.Entry<String, Integer> limit : limits.entrySet()) {
              Counter counter =
                  handle
                      .createQuery(UPSERT.formatted(table) + " RETURNING failures, window_start")
                      .bind(0, limit.getKey())
                      .bind(1, now.toEpochMilli())
                      .bind(2, cutoff)
                      .bind(3, cutoff)
                      .map(
                          (row, context) ->
                              new Counter(
                                  row.getInt("failures"),
                                  Instant.ofEpochMilli(row.getLong("window_start"))))
                      .one();
              if (counter.failures() > limit.getValue()) {
                over.add(counter);
              }
            }
            if (!over.isEmpty()) {
              throw new OverLimit(over);
            }
            handle
                .createUpdate("DELETE FROM " + table + " WHERE window_start < ?")
                .bind(0, cutoff)
                .execute();
          });
      return List.of();
    } catch (OverLimit refused) {
      return refused.counters;
    }
  }

  /**
   * Takes back one count from each counter under {@code keys} that still has one: an attempt that
   * {@link #countIfUnder} counted turned out to be no failure.
   */
  public void release(Collection<String> keys) {
    onKeys(
        "UPDATE %s SET failures = failures - 1 WHERE throttle_key IN (<keys>) AND failures > 0",
        keys);
  }

  /** Deletes the counters under {@code keys}, in one statement. */
  public void clear(Collection<String> keys) {
    onKeys("DELETE FROM %s WHERE throttle_key IN (<keys>)", keys);
  }

  /** Runs {@code sql}, with the table's name for {@code %s}, on the counters under {@code keys}. */
  private void onKeys(String sql, Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      return;
    }
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(sql.formatted(table))
                .bindList("keys", List.copyOf(keys))
                .execute());
  }

  /** Rolls back a reservation that would pass a limit, carrying the counters that refused it. */
  private static final class OverLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Counter> counters;

    OverLimit(List<Counter> counters) {
      super(null, null, false, false);
      this.counters = List.copyOf(counters);
    }
  }
}
