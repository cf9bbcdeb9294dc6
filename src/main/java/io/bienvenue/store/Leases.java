package io.bienvenue.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * How the outboxes (mail, webhooks) lease due rows to one dispatcher at a time, on any database:
 * the candidates are read, then each is leased by an UPDATE that repeats the conditions, so of two
 * claimers racing for a row exactly one gets it. A lease that runs out makes the row claimable
 * again.
 *
 * @param table the table
 * @param claimable the SQL condition a claimable row meets, with two parameters: now, then now
 *     again (for the lease's end); it may refer to the table by its name
 * @param order the SQL order of the candidates, oldest first
 */
record Leases(String table, String claimable, String order) {

  /** Checks that no part is null. */
  Leases {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(claimable, "claimable");
    Objects.requireNonNull(order, "order");
  }

  /**
   * Leases up to {@code limit} claimable rows until {@code now + lease} on {@code handle}, inside
   * its transaction, and returns them as {@code mapper} reads them.
   *
   * @throws IllegalArgumentException if {@code lease} is not positive or {@code limit} is below 1
   */
  <T> List<T> claim(Handle handle, Instant now, Duration lease, int limit, RowMapper<T> mapper) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the lease must be positive");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1");
    }
    long nowMillis = now.toEpochMilli();
    long untilMillis = now.plus(lease).toEpochMilli();
    List<Long> candidates =
        handle
            .createQuery(
                "SELECT id FROM "
                    + table
                    + " WHERE "
                    + claimable
                    + " ORDER BY "
                    + order
                    + " LIMIT ?")
            .bind(0, nowMillis)
            .bind(1, nowMillis)
            .bind(2, limit)
            .mapTo(Long.class)
            .list();
    List<T> claimed = new ArrayList<>();
    for (long id : candidates) {
      handle
          .createQuery(
              "UPDATE "
                  + table
                  + " SET claimed_until = ? WHERE id = ? AND "
                  + claimable
                  + " RETURNING *")
          .bind(0, untilMillis)
          .bind(1, id)
          .bind(2, nowMillis)
          .bind(3, nowMillis)
          .map(mapper)
          .findOne()
          .ifPresent(claimed::add);
    }
    return List.copyOf(claimed);
  }
}
