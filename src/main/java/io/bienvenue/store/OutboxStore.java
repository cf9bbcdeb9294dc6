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
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The mail outbox, over the {@code outbox} table: mail to send, written in the same transaction as
 * the change that asks for it, and sent later by a dispatcher that leases due rows so that several
 * service instances on one database never send the same row at the same time.
 *
 * <p>A row is pending until it is sent or dropped, then finished; finished rows are never claimed
 * again. Thread-safe: each call takes a pooled connection, or joins the transaction open on the
 * calling thread.
 */
public final class OutboxStore {

  /** The longest error text kept: enough to tell what went wrong, not a stack trace. */
  static final int MAX_ERROR_LENGTH = 200;

  private static final String PENDING = "sent_at IS NULL AND dropped_at IS NULL";
  private static final String CLAIMABLE =
      PENDING + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)";
  private static final Leases LEASES = new Leases("outbox", CLAIMABLE, "next_attempt_at, id");

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public OutboxStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Saves a new message of {@code kind} to {@code recipient}, due at once, and returns it with its
   * id. Inside a transaction it commits or rolls back with the rest of the work.
   *
   * @throws IllegalArgumentException if {@code kind} or {@code recipient} is blank
   */
  public OutboxMessage enqueue(String kind, String recipient, Instant now) {
    return enqueue(kind, recipient, Optional.empty(), now);
  }

  /**
   * Saves a new message as {@link #enqueue(String, String, Instant)} does, with {@code returnTo},
   * the address the page its link opens sends the person to once done. The caller has checked it
   * against the allow-list: the store keeps it as given.
   *
   * @throws IllegalArgumentException if {@code kind} or {@code recipient} is blank
   */
  public OutboxMessage enqueue(
      String kind, String recipient, Optional<String> returnTo, Instant now) {
    Columns.requireNotBlank(kind, "kind");
    Columns.requireNotBlank(recipient, "recipient");
    Objects.requireNonNull(returnTo, "returnTo");
    long millis = now.toEpochMilli();
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    INSERT INTO outbox
                        (kind, recipient, return_to, created_at, next_attempt_at, attempts)
                    VALUES (?, ?, ?, ?, ?, 0)
                    RETURNING *
                    """)
                .bind(0, kind)
                .bind(1, recipient)
                .bind(2, returnTo.orElse(null))
                .bind(3, millis)
                .bind(4, millis)
                .map(OutboxStore::mapMessage)
                .one());
  }

  /**
   * Leases up to {@code limit} pending messages due at {@code now} and not leased by anyone else
   * (or whose lease has run out), oldest due first, until {@code now + lease}, and returns them.
   *
   * <p>Each row is leased by an UPDATE that repeats the conditions, so of two claimers racing for a
   * row exactly one gets it, on any database. A lease that runs out makes the row claimable again:
   * the holder should finish with it (mark it sent, failed or dropped) before then.
   *
   * @throws IllegalArgumentException if {@code lease} is not positive or {@code limit} is below 1
   */
  public List<OutboxMessage> claimDue(Instant now, Duration lease, int limit) {
    return jdbi.inTransaction(
        handle -> LEASES.claim(handle, now, lease, limit, OutboxStore::mapMessage));
  }

  /** Records that message {@code id} was sent at {@code at}. Does nothing to a finished row. */
  public void markSent(long id, Instant at) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE outbox SET sent_at = ?, claimed_until = NULL WHERE id = ? AND "
                        + PENDING)
                .bind(0, at.toEpochMilli())
                .bind(1, id)
                .execute());
  }

  /**
   * Records a failed attempt to send message {@code id}: counts it, keeps {@code error} (cut to a
   * couple of hundred characters; it must hold no secret), releases the lease and makes the message
   * due again at {@code nextAttemptAt}. Does nothing to a finished row.
   */
  public void markFailed(long id, Instant nextAttemptAt, String error) {
    Objects.requireNonNull(error, "error");
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
                        + " claimed_until = NULL WHERE id = ? AND "
                        + PENDING)
                .bind(0, nextAttemptAt.toEpochMilli())
                .bind(1, shortened(error))
                .bind(2, id)
                .execute());
  }

  /**
   * Records that message {@code id} was given up at {@code at} for {@code reason} (cut as an error
   * is; it must hold no secret): it is finished and will never be sent. Does nothing to a finished
   * row.
   */
  public void markDropped(long id, Instant at, String reason) {
    Objects.requireNonNull(reason, "reason");
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE outbox SET dropped_at = ?, last_error = ?, claimed_until = NULL"
                        + " WHERE id = ? AND "
                        + PENDING)
                .bind(0, at.toEpochMilli())
                .bind(1, shortened(reason))
                .bind(2, id)
                .execute());
  }

  /** Returns message {@code id}, pending or finished, if it is still in the table. */
  public Optional<OutboxMessage> find(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM outbox WHERE id = ?")
                .bind(0, id)
                .map(OutboxStore::mapMessage)
                .findOne());
  }

  /** Counts the pending messages, the backlog, retries included. */
  public long countPending() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT count(*) FROM outbox WHERE " + PENDING)
                .mapTo(Long.class)
                .one());
  }

  /** When the oldest pending message was queued, if there is one. */
  public Optional<Instant> oldestPending() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT min(created_at) FROM outbox WHERE " + PENDING)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  /**
   * Deletes the messages sent or dropped before {@code cutoff}, and returns how many there were.
   * Pending messages stay, however old.
   */
  public int deleteFinishedBefore(Instant cutoff) {
    long millis = cutoff.toEpochMilli();
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM outbox WHERE sent_at < ? OR dropped_at < ?")
                .bind(0, millis)
                .bind(1, millis)
                .execute());
  }

  /**
   * Deletes the pending messages of one of {@code kinds} to {@code recipient} (compared without
   * regard to ASCII case), and returns how many there were: mail for an account that no longer
   * exists, such as links whose token could be issued to no one. Messages of other kinds (notices
   * already committed) stay, and so do sent and dropped ones.
   */
  public int deletePendingTo(String recipient, Collection<String> kinds) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(kinds, "kinds");
    if (kinds.isEmpty()) {
      return 0;
    }
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate(
                    "DELETE FROM outbox WHERE lower(recipient) = lower(:recipient) AND kind IN"
                        + " (<kinds>) AND "
                        + PENDING)
                .bind("recipient", recipient)
                .bindList("kinds", List.copyOf(kinds))
                .execute());
  }

  static String shortened(String text) {
    if (text.length() <= MAX_ERROR_LENGTH) {
      return text;
    }
    int end = MAX_ERROR_LENGTH - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  private static OutboxMessage mapMessage(ResultSet row, StatementContext context)
      throws SQLException {
    return new OutboxMessage(
        row.getLong("id"),
        row.getString("kind"),
        row.getString("recipient"),
        Optional.ofNullable(row.getString("return_to")),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("next_attempt_at")),
        row.getInt("attempts"),
        Columns.optionalInstant(row, "claimed_until"),
        Columns.optionalInstant(row, "sent_at"),
        Columns.optionalInstant(row, "dropped_at"),
        Optional.ofNullable(row.getString("last_error")));
  }
}
