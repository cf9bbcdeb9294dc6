package io.bienvenue.store;

import io.bienvenue.user.Session;
import io.bienvenue.user.SessionOrigin;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

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

  /**
   * Saves a new session of {@code userId} and returns it with its id.
   *
   * @param publicId the id its user will see it by; unique
   * @param tokenHash the hash of its token; unique
   * @param origin where the login came from
   * @param amr how the login was authenticated (RFC 8176 method names)
   */
  public Session add(
      long userId,
      String publicId,
      String tokenHash,
      Instant createdAt,
      Instant expiresAt,
      SessionOrigin origin,
      List<String> amr) {
    Objects.requireNonNull(publicId, "publicId");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(origin, "origin");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    INSERT INTO sessions (user_id, public_id, token_hash, created_at, last_seen_at,
                                          expires_at, user_agent, client_ip, amr)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING *
                    """)
                .bind(0, userId)
                .bind(1, publicId)
                .bind(2, tokenHash)
                .bind(3, createdAt.toEpochMilli())
                .bind(4, createdAt.toEpochMilli())
                .bind(5, expiresAt.toEpochMilli())
                .bind(6, origin.userAgent().orElse(null))
                .bind(7, origin.clientIp().orElse(null))
                .bind(8, String.join(" ", amr))
                .map((row, context) -> mapSession(row, ""))
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
                    SELECT s.id AS session_id, s.public_id AS session_public_id,
                           s.user_id AS session_user_id, s.token_hash AS session_token_hash,
                           s.created_at AS session_created_at,
                           s.last_seen_at AS session_last_seen_at,
                           s.expires_at AS session_expires_at,
                           s.user_agent AS session_user_agent, s.client_ip AS session_client_ip,
                           s.amr AS session_amr,
                           EXISTS (SELECT 1 FROM totp t
                                   WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
                             AS two_factor_on,
                           u.*
                    FROM sessions s JOIN users u ON u.id = s.user_id
                    WHERE s.token_hash = ?
                    """)
                .bind(0, tokenHash)
                .map(
                    (row, context) ->
                        new SessionAndUser(
                            mapSession(row, "session_"),
                            UserStore.mapUser(row, context),
                            row.getBoolean("two_factor_on")))
                .findOne());
  }

  /** Records that session {@code sessionId} was used at {@code lastSeenAt}. */
  public void touch(long sessionId, Instant lastSeenAt) {
    update(
        "UPDATE sessions SET last_seen_at = ? WHERE id = ?", lastSeenAt.toEpochMilli(), sessionId);
  }

  /** Deletes the session with token hash {@code tokenHash}; returns whether there was one. */
  public boolean deleteByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return update("DELETE FROM sessions WHERE token_hash = ?", tokenHash) > 0;
  }

  /** Deletes every session of {@code userId}; returns how many there were. */
  public int deleteAllOfUser(long userId) {
    return update("DELETE FROM sessions WHERE user_id = ?", userId);
  }

  /**
   * Deletes every session that ended, whoever's: past its absolute end at {@code now}, or unused
   * since {@code idleSince}; the grants bound to them go with them. Returns how many there were.
   */
  public int deleteEnded(Instant now, Instant idleSince) {
    return update(
        "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?",
        now.toEpochMilli(),
        idleSince.toEpochMilli());
  }

  /**
   * Deletes the sessions of {@code userId} that ended: past their absolute end, or unused since
   * {@code idleSince}. Returns how many there were.
   */
  public int deleteEndedOfUser(long userId, Instant now, Instant idleSince) {
    return update(
        "DELETE FROM sessions WHERE user_id = ? AND (expires_at <= ? OR last_seen_at <= ?)",
        userId,
        now.toEpochMilli(),
        idleSince.toEpochMilli());
  }

  /**
   * Returns the live sessions of {@code userId}: not past their absolute end at {@code now}, and
   * used after {@code idleSince}. Newest first.
   */
  public List<Session> listLiveOfUser(long userId, Instant now, Instant idleSince) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT * FROM sessions
                    WHERE user_id = ? AND expires_at > ? AND last_seen_at > ?
                    ORDER BY created_at DESC, id DESC
                    """)
                .bind(0, userId)
                .bind(1, now.toEpochMilli())
                .bind(2, idleSince.toEpochMilli())
                .map((row, context) -> mapSession(row, ""))
                .list());
  }

  /**
   * Deletes the session of {@code userId} whose public id is {@code publicId}; returns whether
   * there was one. Another user's session of that id is left alone.
   */
  public boolean deleteOfUserByPublicId(long userId, String publicId) {
    Objects.requireNonNull(publicId, "publicId");
    return update("DELETE FROM sessions WHERE user_id = ? AND public_id = ?", userId, publicId) > 0;
  }

  /**
   * Deletes every session of {@code userId} but the one whose token has hash {@code keptTokenHash};
   * returns how many there were.
   */
  public int deleteOthersOfUser(long userId, String keptTokenHash) {
    Objects.requireNonNull(keptTokenHash, "keptTokenHash");
    return update(
        "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userId, keptTokenHash);
  }

  /**
   * Returns the public id of the session whose row id is {@code sessionId}, live or not; empty if
   * there is no such row (it was deleted).
   */
  public Optional<String> findPublicId(long sessionId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT public_id FROM sessions WHERE id = ?")
                .bind(0, sessionId)
                .mapTo(String.class)
                .findOne());
  }

  /** Runs one statement with {@code values} bound in order; returns how many rows it changed. */
  private int update(String sql, Object... values) {
    return jdbi.withHandle(
        handle -> {
          var update = handle.createUpdate(sql);
          for (int i = 0; i < values.length; i++) {
            update.bind(i, values[i]);
          }
          return update.execute();
        });
  }

  /** Maps a row whose session columns carry {@code prefix} before their names. */
  private static Session mapSession(ResultSet row, String prefix) throws SQLException {
    return new Session(
        row.getLong(prefix + "id"),
        row.getString(prefix + "public_id"),
        row.getLong(prefix + "user_id"),
        row.getString(prefix + "token_hash"),
        Instant.ofEpochMilli(row.getLong(prefix + "created_at")),
        Instant.ofEpochMilli(row.getLong(prefix + "last_seen_at")),
        Instant.ofEpochMilli(row.getLong(prefix + "expires_at")),
        new SessionOrigin(
            Optional.ofNullable(row.getString(prefix + "user_agent")),
            Optional.ofNullable(row.getString(prefix + "client_ip"))),
        methods(row.getString(prefix + "amr")));
  }

  /** The methods of a stored {@code amr}: none for an empty or missing one. */
  private static List<String> methods(String amr) {
    return amr == null || amr.isBlank() ? List.of() : List.of(amr.trim().split(" +"));
  }
}
