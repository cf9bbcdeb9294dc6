package io.bienvenue.store;

import io.bienvenue.user.Session;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The session store, over the {@code sessions} table: many sessions per user, each row keyed by the
 * hash of its token. It keeps no rules of its own (lifetimes are {@code Auth}'s). Thread-safe: each
 * call takes a pooled connection, or joins the transaction open on the calling thread.
 */
public final class SessionStore {

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public SessionStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Saves a new session of {@code userId} and returns it with its id. */
  public Session add(long userId, String tokenHash, Instant createdAt, Instant expiresAt) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at)
                    VALUES (?, ?, ?, ?, ?)
                    RETURNING *
                    """)
                .bind(0, userId)
                .bind(1, tokenHash)
                .bind(2, createdAt.toEpochMilli())
                .bind(3, createdAt.toEpochMilli())
                .bind(4, expiresAt.toEpochMilli())
                .map(SessionStore::mapSession)
                .one());
  }

  /**
   * Returns the session whose token has hash {@code tokenHash}, live or not, with its user, in one
   * query: the read every authenticated request makes.
   */
  public Optional<SessionAndUser> findWithUser(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT s.id AS session_id, s.user_id AS session_user_id,
                           s.token_hash AS session_token_hash,
                           s.created_at AS session_created_at,
                           s.last_seen_at AS session_last_seen_at,
                           s.expires_at AS session_expires_at, u.*
                    FROM sessions s JOIN users u ON u.id = s.user_id
                    WHERE s.token_hash = ?
                    """)
                .bind(0, tokenHash)
                .map(
                    (row, context) ->
                        new SessionAndUser(
                            new Session(
                                row.getLong("session_id"),
                                row.getLong("session_user_id"),
                                row.getString("session_token_hash"),
                                Instant.ofEpochMilli(row.getLong("session_created_at")),
                                Instant.ofEpochMilli(row.getLong("session_last_seen_at")),
                                Instant.ofEpochMilli(row.getLong("session_expires_at"))),
                            UserStore.mapUser(row, context)))
                .findOne());
  }

  /** Records that session {@code sessionId} was used at {@code lastSeenAt}. */
  public void touch(long sessionId, Instant lastSeenAt) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
                .bind(0, lastSeenAt.toEpochMilli())
                .bind(1, sessionId)
                .execute());
  }

  /** Deletes the session with token hash {@code tokenHash}; returns whether there was one. */
  public boolean deleteByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate("DELETE FROM sessions WHERE token_hash = ?")
                    .bind(0, tokenHash)
                    .execute())
        > 0;
  }

  /** Deletes every session of {@code userId}; returns how many there were. */
  public int deleteAllOfUser(long userId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM sessions WHERE user_id = ?")
                .bind(0, userId)
                .execute());
  }

  /**
   * Deletes the sessions of {@code userId} that ended: past their absolute end, or unused since
   * {@code idleSince}. Returns how many there were.
   */
  public int deleteEndedOfUser(long userId, Instant now, Instant idleSince) {
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate(
                    "DELETE FROM sessions WHERE user_id = ? AND (expires_at <= ? OR last_seen_at <= ?)")
                .bind(0, userId)
                .bind(1, now.toEpochMilli())
                .bind(2, idleSince.toEpochMilli())
                .execute());
  }

  private static Session mapSession(ResultSet row, StatementContext context) throws SQLException {
    return new Session(
        row.getLong("id"),
        row.getLong("user_id"),
        row.getString("token_hash"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("last_seen_at")),
        Instant.ofEpochMilli(row.getLong("expires_at")));
  }
}
