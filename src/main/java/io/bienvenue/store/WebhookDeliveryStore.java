package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The webhook outbox, over the {@code webhook_deliveries} table: one row per event and endpoint,
 * written in the transaction of the change the event reports, and posted later by a dispatcher that
 * leases due rows so that several instances on one database never post the same row at once.
 *
 * <p>The rows of one endpoint for one user are claimed in the order of their ids: a row is not
 * claimable while an older one for the same endpoint and user is pending, even one waiting for its
 * retry. A failed row (given up) no longer holds the others back. Thread-safe: each call takes a
 * pooled connection, or joins the transaction open on the calling thread.
 */
public final class WebhookDeliveryStore {

  private static final String TABLE = "webhook_deliveries";
  private static final String PENDING = "delivered_at IS NULL AND failed_at IS NULL";
  private static final String CLAIMABLE =
      PENDING
          + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)"
          + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries older"
          + " WHERE older.endpoint_id = webhook_deliveries.endpoint_id"
          + " AND older.user_key = webhook_deliveries.user_key"
          + " AND older.id < webhook_deliveries.id"
          + " AND older.delivered_at IS NULL AND older.failed_at IS NULL)";
  private static final Leases LEASES = new Leases(TABLE, CLAIMABLE, "next_attempt_at, id");

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public WebhookDeliveryStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Saves the event {@code messageId} of type {@code eventType} about {@code userKey}, with its
   * JSON {@code payload}, as one delivery to each of {@code endpointIds}, due at once. Inside a
   * transaction it commits or rolls back with the rest of the work. No endpoint, no row.
   *
   * @throws IllegalArgumentException if a text is blank
   */
  public void enqueue(
      Collection<String> endpointIds,
      String messageId,
      String eventType,
      String userKey,
      String payload,
      Instant now) {
    Objects.requireNonNull(endpointIds, "endpointIds");
    Columns.requireNotBlank(messageId, "messageId");
    Columns.requireNotBlank(eventType, "eventType");
    Columns.requireNotBlank(userKey, "userKey");
    Columns.requireNotBlank(payload, "payload");
    if (endpointIds.isEmpty()) {
      return;
    }
    long millis = now.toEpochMilli();
    jdbi.useHandle(
        handle -> {
          PreparedBatch batch =
              handle.prepareBatch(
                  """
                  INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, user_key,
                      payload, created_at, next_attempt_at, attempts)
                  VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                  """);
          for (String endpointId : endpointIds) {
            batch
                .bind(0, endpointId)
                .bind(1, messageId)
                .bind(2, eventType)
                .bind(3, userKey)
                .bind(4, payload)
                .bind(5, millis)
                .bind(6, millis)
                .add();
          }
          batch.execute();
        });
  }

  /**
   * Leases up to {@code limit} deliveries due at {@code now}, not leased by anyone else (or whose
   * lease ran out) and with no older pending delivery for the same endpoint and user, until {@code
   * now + lease}, oldest due first. The holder should finish with each before its lease ends.
   *
   * @throws IllegalArgumentException if {@code lease} is not positive or {@code limit} is below 1
   */
  public List<StoredWebhookDelivery> claimDue(Instant now, Duration lease, int limit) {
    return jdbi.inTransaction(
        handle -> LEASES.claim(handle, now, lease, limit, WebhookDeliveryStore::mapDelivery));
  }

  /** Records that delivery {@code id} was taken by its receiver at {@code at}. */
  public void markDelivered(long id, Instant at) {
    update("delivered_at = ?, claimed_until = NULL", id, at.toEpochMilli());
  }

  /**
   * Records a failed attempt at delivery {@code id}: counts it, keeps {@code error} (cut short; it
   * must hold no secret), releases the lease and makes it due again at {@code nextAttemptAt}.
   */
  public void markRetry(long id, Instant nextAttemptAt, String error) {
    update(
        "attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_until = NULL",
        id,
        nextAttemptAt.toEpochMilli(),
        OutboxStore.shortened(error));
  }

  /**
   * Records the last failed attempt at delivery {@code id}: counts it, keeps {@code error} and
   * gives the delivery up at {@code at}. It stays in the table, listed by {@link #failed}, until
   * {@link #redeliver} makes it pending again.
   */
  public void markFailed(long id, Instant at, String error) {
    update(
        "attempts = attempts + 1, failed_at = ?, last_error = ?, claimed_until = NULL",
        id,
        at.toEpochMilli(),
        OutboxStore.shortened(error));
  }

  /** Returns delivery {@code id}, if it is still in the table. */
  public Optional<StoredWebhookDelivery> find(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM webhook_deliveries WHERE id = ?")
                .bind(0, id)
                .map(WebhookDeliveryStore::mapDelivery)
                .findOne());
  }

  /** Returns up to {@code limit} failed deliveries, the most recently given up first. */
  public List<StoredWebhookDelivery> failed(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM webhook_deliveries WHERE failed_at IS NOT NULL"
                        + " ORDER BY failed_at DESC, id DESC LIMIT ?")
                .bind(0, limit)
                .map(WebhookDeliveryStore::mapDelivery)
                .list());
  }

  /**
   * Makes failed delivery {@code id} pending again, due at {@code now}, with its attempts counted
   * from zero; returns false if there is no such failed delivery. Its id and payload stay, so the
   * receiver can tell it from a new event.
   */
  public boolean redeliver(long id, Instant now) {
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE webhook_deliveries SET failed_at = NULL, attempts = 0,"
                            + " next_attempt_at = ? WHERE id = ? AND failed_at IS NOT NULL")
                    .bind(0, now.toEpochMilli())
                    .bind(1, id)
                    .execute())
        == 1;
  }

  /** Makes every failed delivery pending again, as {@link #redeliver} does, and counts them. */
  public int redeliverAllFailed(Instant now) {
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE webhook_deliveries SET failed_at = NULL, attempts = 0,"
                        + " next_attempt_at = ? WHERE failed_at IS NOT NULL")
                .bind(0, now.toEpochMilli())
                .execute());
  }

  /** Counts the pending deliveries, the backlog. */
  public long countPending() {
    return count("SELECT count(*) FROM webhook_deliveries WHERE " + PENDING);
  }

  /** Counts the failed deliveries, waiting for the operator. */
  public long countFailed() {
    return count("SELECT count(*) FROM webhook_deliveries WHERE failed_at IS NOT NULL");
  }

  /** When the oldest pending delivery was written, if there is one. */
  public Optional<Instant> oldestPending() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT min(created_at) FROM webhook_deliveries WHERE " + PENDING)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  /** Deletes the deliveries delivered before {@code cutoff}, and returns how many there were. */
  public int deleteDeliveredBefore(Instant cutoff) {
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM webhook_deliveries WHERE delivered_at < ?")
                .bind(0, cutoff.toEpochMilli())
                .execute());
  }

  /** Sets {@code assignments} (their parameters first, in order) on pending delivery {@code id}. */
  private void update(String assignments, long id, Object... values) {
    jdbi.useHandle(
        handle -> {
          var update =
              handle.createUpdate(
                  "UPDATE webhook_deliveries SET " + assignments + " WHERE id = ? AND " + PENDING);
          for (int i = 0; i < values.length; i++) {
            update.bind(i, values[i]);
          }
          update.bind(values.length, id).execute();
        });
  }

  private long count(String sql) {
    return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
  }

  private static StoredWebhookDelivery mapDelivery(ResultSet row, StatementContext context)
      throws SQLException {
    return new StoredWebhookDelivery(
        row.getLong("id"),
        row.getString("endpoint_id"),
        row.getString("message_id"),
        row.getString("event_type"),
        row.getString("user_key"),
        row.getString("payload"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("next_attempt_at")),
        row.getInt("attempts"),
        Columns.optionalInstant(row, "claimed_until"),
        Columns.optionalInstant(row, "delivered_at"),
        Columns.optionalInstant(row, "failed_at"),
        Optional.ofNullable(row.getString("last_error")));
  }
}
