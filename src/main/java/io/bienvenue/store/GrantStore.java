package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The OpenID Connect provider's grants, over {@code oauth_grants}, with the authorization codes of
 * {@code oauth_codes}, the refresh tokens of {@code oauth_refresh_tokens} and the consents of
 * {@code oauth_consents}. Codes and refresh tokens are found by the hash of their value only. Using
 * one is a compare-and-set on its {@code used_at}: of concurrent uses exactly one succeeds. It
 * keeps no rules of its own (lifetimes and what revokes what are {@code oauth.Grants}'s).
 * Thread-safe: each call takes a pooled connection, or joins the transaction open on the calling
 * thread.
 */
public final class GrantStore {

  /**
   * A row of {@code oauth_codes}.
   *
   * @param codeHash the SHA-256 hex of the code
   * @param grantId the grant it redeems into
   * @param redirectUri the redirect URI of the authorization request, exactly
   * @param codeChallenge the PKCE S256 challenge, if the request had one
   * @param expiresAt when it stops working
   * @param usedAt when it was redeemed, if it was
   */
  public record Code(
      String codeHash,
      String grantId,
      String redirectUri,
      Optional<String> codeChallenge,
      Instant expiresAt,
      Optional<Instant> usedAt) {}

  /**
   * A row of {@code oauth_refresh_tokens}.
   *
   * @param tokenHash the SHA-256 hex of the token
   * @param grantId the grant whose family it belongs to
   * @param issuedAt when it was issued
   * @param expiresAt when it stops working
   * @param usedAt when it was rotated, if it was
   */
  public record RefreshToken(
      String tokenHash,
      String grantId,
      Instant issuedAt,
      Instant expiresAt,
      Optional<Instant> usedAt) {}

  /**
   * A user's consent to one client.
   *
   * @param clientId the client
   * @param clientName the client's name, as users see it
   * @param scopes every scope the user approved for it
   * @param grantedAt the last approval
   */
  public record Consent(
      String clientId, String clientName, List<String> scopes, Instant grantedAt) {
    /** Copies the scopes. */
    public Consent {
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * The condition that grant {@code g}, joined to its session {@code s}, is live: not revoked, and
   * either without a session or in one before its absolute end (the first parameter, now) and used
   * after the idle limit (the second).
   */
  private static final String LIVE_GRANT =
      "g.revoked_at IS NULL"
          + " AND (g.session_id IS NULL OR (s.expires_at > ? AND s.last_seen_at > ?))";

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public GrantStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Saves {@code grant}; its id must be new. */
  public void addGrant(StoredGrant grant) {
    Objects.requireNonNull(grant, "grant");
    update(
        """
        INSERT INTO oauth_grants (id, client_id, user_id, session_id, scopes, nonce, auth_time,
            amr, created_at, revoked_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        grant.id(),
        grant.clientId(),
        grant.userId(),
        grant.sessionId().orElse(null),
        String.join(" ", grant.scopes()),
        grant.nonce().orElse(null),
        grant.authTime().toEpochMilli(),
        String.join(" ", grant.amr()),
        grant.createdAt().toEpochMilli(),
        grant.revokedAt().map(Instant::toEpochMilli).orElse(null));
  }

  /** Returns the grant with id {@code grantId}, revoked or not, if there is one. */
  public Optional<StoredGrant> findGrant(String grantId) {
    Objects.requireNonNull(grantId, "grantId");
    return findOne("SELECT * FROM oauth_grants WHERE id = ?", GrantStore::mapGrant, grantId);
  }

  /**
   * Tells whether grant {@code grantId} is live at {@code now}: it exists, is not revoked, and
   * either has no session or its session is before its absolute end and was used after {@code
   * idleSince}.
   */
  public boolean isLive(String grantId, Instant now, Instant idleSince) {
    Objects.requireNonNull(grantId, "grantId");
    return jdbi.withHandle(
        handle ->
            handle
                    .createQuery(
                        """
                    SELECT COUNT(*) FROM oauth_grants g
                    LEFT JOIN sessions s ON s.id = g.session_id
                    WHERE g.id = ? AND %s
                    """
                            .formatted(LIVE_GRANT))
                    .bind(0, grantId)
                    .bind(1, now.toEpochMilli())
                    .bind(2, idleSince.toEpochMilli())
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  /**
   * Returns the grants of user {@code userId} that are live at {@code now} (as {@link #isLive}
   * tells) and hold a refresh token that is unused and unexpired at {@code now}: the grants a
   * client can still act on without the user, oldest first.
   */
  public List<StoredGrant> refreshableGrantsOfUser(long userId, Instant now, Instant idleSince) {
    return list(
        """
        SELECT g.* FROM oauth_grants g
        LEFT JOIN sessions s ON s.id = g.session_id
        WHERE g.user_id = ? AND %s
          AND EXISTS (SELECT 1 FROM oauth_refresh_tokens r
                      WHERE r.grant_id = g.id AND r.used_at IS NULL
                        AND r.expires_at > ?)
        ORDER BY g.created_at, g.id
        """
            .formatted(LIVE_GRANT),
        GrantStore::mapGrant,
        userId,
        now.toEpochMilli(),
        idleSince.toEpochMilli(),
        now.toEpochMilli());
  }

  /** What {@link #deleteSpent} deleted. */
  public record Spent(int refreshTokens, int grants, int codes) {}

  /**
   * Deletes, in one transaction, what can no longer be used: refresh tokens expired at {@code now}
   * (used or not, an expired one is refused alike); grants revoked before {@code keptSince}, or
   * made before it and holding no refresh token any more, with their codes and tokens; and codes
   * expired before {@code keptSince}. Until then a spent code or a revoked grant stays, so that a
   * replayed code or refresh token is still seen for what it is. {@code keptSince} must be far
   * enough back that no access token of a deleted grant is still unexpired.
   */
  public Spent deleteSpent(Instant now, Instant keptSince) {
    long nowMillis = now.toEpochMilli();
    long keptMillis = keptSince.toEpochMilli();
    return jdbi.inTransaction(
        handle -> {
          int tokens =
              handle
                  .createUpdate("DELETE FROM oauth_refresh_tokens WHERE expires_at <= ?")
                  .bind(0, nowMillis)
                  .execute();
          int grants =
              handle
                  .createUpdate(
                      """
                      DELETE FROM oauth_grants
                      WHERE revoked_at <= ?
                         OR (created_at <= ? AND NOT EXISTS (
                               SELECT 1 FROM oauth_refresh_tokens r
                               WHERE r.grant_id = oauth_grants.id))
                      """)
                  .bind(0, keptMillis)
                  .bind(1, keptMillis)
                  .execute();
          int codes =
              handle
                  .createUpdate("DELETE FROM oauth_codes WHERE expires_at <= ?")
                  .bind(0, keptMillis)
                  .execute();
          return new Spent(tokens, grants, codes);
        });
  }

  /** Returns the absolute end of session {@code sessionId}, if the session exists. */
  public Optional<Instant> sessionEnd(long sessionId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT expires_at FROM sessions WHERE id = ?")
                .bind(0, sessionId)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  /** Revokes grant {@code grantId} at {@code now}; returns whether it was live until then. */
  public boolean revokeGrant(String grantId, Instant now) {
    Objects.requireNonNull(grantId, "grantId");
    return update(
            "UPDATE oauth_grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            now.toEpochMilli(),
            grantId)
        > 0;
  }

  /** Revokes every grant of user {@code userId} at {@code now}; returns how many were unrevoked. */
  public int revokeGrantsOfUser(long userId, Instant now) {
    return update(
        "UPDATE oauth_grants SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        now.toEpochMilli(),
        userId);
  }

  /**
   * Revokes every grant of user {@code userId} to client {@code clientId} at {@code now}; returns
   * how many were unrevoked.
   */
  public int revokeGrantsOfUserAndClient(long userId, String clientId, Instant now) {
    Objects.requireNonNull(clientId, "clientId");
    return update(
        """
        UPDATE oauth_grants SET revoked_at = ?
        WHERE user_id = ? AND client_id = ? AND revoked_at IS NULL
        """,
        now.toEpochMilli(),
        userId,
        clientId);
  }

  /**
   * Revokes every grant that belongs to session {@code sessionId} at {@code now} (offline grants
   * have none); returns how many were unrevoked. Deleting the session deletes them too.
   */
  public int revokeGrantsOfSession(long sessionId, Instant now) {
    return update(
        "UPDATE oauth_grants SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL",
        now.toEpochMilli(),
        sessionId);
  }

  /** Saves {@code code}; its hash must be new. */
  public void addCode(Code code) {
    Objects.requireNonNull(code, "code");
    update(
        """
        INSERT INTO oauth_codes (code_hash, grant_id, redirect_uri, code_challenge, expires_at,
            used_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
        code.codeHash(),
        code.grantId(),
        code.redirectUri(),
        code.codeChallenge().orElse(null),
        code.expiresAt().toEpochMilli(),
        code.usedAt().map(Instant::toEpochMilli).orElse(null));
  }

  /** Returns the code whose hash is {@code codeHash}, used or not, if there is one. */
  public Optional<Code> findCode(String codeHash) {
    Objects.requireNonNull(codeHash, "codeHash");
    return findOne(
        "SELECT * FROM oauth_codes WHERE code_hash = ?",
        row ->
            new Code(
                row.getString("code_hash"),
                row.getString("grant_id"),
                row.getString("redirect_uri"),
                Optional.ofNullable(row.getString("code_challenge")),
                Instant.ofEpochMilli(row.getLong("expires_at")),
                Columns.optionalInstant(row, "used_at")),
        codeHash);
  }

  /**
   * Marks the code whose hash is {@code codeHash} used at {@code now}, if it was unused: a
   * compare-and-set, so of concurrent calls exactly one returns true.
   */
  public boolean useCode(String codeHash, Instant now) {
    Objects.requireNonNull(codeHash, "codeHash");
    return update(
            "UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL",
            now.toEpochMilli(),
            codeHash)
        == 1;
  }

  /** Saves {@code token}; its hash must be new. */
  public void addRefreshToken(RefreshToken token) {
    Objects.requireNonNull(token, "token");
    update(
        """
        INSERT INTO oauth_refresh_tokens (token_hash, grant_id, issued_at, expires_at, used_at)
        VALUES (?, ?, ?, ?, ?)
        """,
        token.tokenHash(),
        token.grantId(),
        token.issuedAt().toEpochMilli(),
        token.expiresAt().toEpochMilli(),
        token.usedAt().map(Instant::toEpochMilli).orElse(null));
  }

  /** Returns the refresh token whose hash is {@code tokenHash}, used or not, if there is one. */
  public Optional<RefreshToken> findRefreshToken(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return findOne(
        "SELECT * FROM oauth_refresh_tokens WHERE token_hash = ?",
        row ->
            new RefreshToken(
                row.getString("token_hash"),
                row.getString("grant_id"),
                Instant.ofEpochMilli(row.getLong("issued_at")),
                Instant.ofEpochMilli(row.getLong("expires_at")),
                Columns.optionalInstant(row, "used_at")),
        tokenHash);
  }

  /**
   * Marks the refresh token whose hash is {@code tokenHash} used at {@code now}, if it was unused:
   * a compare-and-set, so of concurrent calls exactly one returns true.
   */
  public boolean useRefreshToken(String tokenHash, Instant now) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return update(
            "UPDATE oauth_refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
            now.toEpochMilli(),
            tokenHash)
        == 1;
  }

  /** Returns the consent of user {@code userId} to client {@code clientId}, if they gave one. */
  public Optional<Consent> findConsent(long userId, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return findOne(
        """
        SELECT k.*, c.name FROM oauth_consents k
        JOIN oauth_clients c ON c.client_id = k.client_id
        WHERE k.user_id = ? AND k.client_id = ?
        """,
        GrantStore::mapConsent,
        userId,
        clientId);
  }

  /**
   * Records that user {@code userId} consented to client {@code clientId} having {@code scopes} at
   * {@code grantedAt}, replacing any consent they gave it before.
   */
  public void saveConsent(
      long userId, String clientId, Collection<String> scopes, Instant grantedAt) {
    Objects.requireNonNull(clientId, "clientId");
    update(
        """
        INSERT INTO oauth_consents (user_id, client_id, scopes, granted_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (user_id, client_id)
        DO UPDATE SET scopes = excluded.scopes, granted_at = excluded.granted_at
        """,
        userId,
        clientId,
        String.join(" ", scopes),
        grantedAt.toEpochMilli());
  }

  /** Returns the consents of user {@code userId}, by client name (then client id). */
  public List<Consent> listConsents(long userId) {
    return list(
        """
        SELECT k.*, c.name FROM oauth_consents k
        JOIN oauth_clients c ON c.client_id = k.client_id
        WHERE k.user_id = ?
        ORDER BY c.name, k.client_id
        """,
        GrantStore::mapConsent,
        userId);
  }

  /** Deletes the consent of user {@code userId} to client {@code clientId}; returns whether any. */
  public boolean deleteConsent(long userId, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return update(
            "DELETE FROM oauth_consents WHERE user_id = ? AND client_id = ?", userId, clientId)
        > 0;
  }

  /** A row of a result, made into a value. */
  @FunctionalInterface
  private interface Row<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Runs one query with {@code values} bound in order; its one row, if it found one. */
  private <T> Optional<T> findOne(String sql, Row<T> mapper, Object... values) {
    return jdbi.withHandle(
        handle ->
            bound(handle.createQuery(sql), values)
                .map((row, context) -> mapper.map(row))
                .findOne());
  }

  /** Runs one query with {@code values} bound in order; its rows, in the order it gives them. */
  private <T> List<T> list(String sql, Row<T> mapper, Object... values) {
    return jdbi.withHandle(
        handle ->
            bound(handle.createQuery(sql), values).map((row, context) -> mapper.map(row)).list());
  }

  private static Query bound(Query query, Object... values) {
    for (int i = 0; i < values.length; i++) {
      query.bind(i, values[i]);
    }
    return query;
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

  private static StoredGrant mapGrant(ResultSet row) throws SQLException {
    long sessionId = row.getLong("session_id");
    Optional<Long> session = row.wasNull() ? Optional.empty() : Optional.of(sessionId);
    return new StoredGrant(
        row.getString("id"),
        row.getString("client_id"),
        row.getLong("user_id"),
        session,
        words(row.getString("scopes")),
        Optional.ofNullable(row.getString("nonce")),
        Instant.ofEpochMilli(row.getLong("auth_time")),
        words(row.getString("amr")),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Columns.optionalInstant(row, "revoked_at"));
  }

  private static Consent mapConsent(ResultSet row) throws SQLException {
    return new Consent(
        row.getString("client_id"),
        row.getString("name"),
        words(row.getString("scopes")),
        Instant.ofEpochMilli(row.getLong("granted_at")));
  }

  /** The words of a space-separated column: none for an empty one. */
  private static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : List.of(text.trim().split(" +"));
  }
}
