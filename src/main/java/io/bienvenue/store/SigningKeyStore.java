package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The signing keys of the OpenID Connect provider, over the {@code signing_keys} table. At most one
 * key per algorithm is current: a unique index on the algorithm of the rows not retired decides, so
 * of instances adding a current key at once exactly one succeeds. Thread-safe: each call takes a
 * pooled connection, or joins the transaction open on the calling thread.
 */
public final class SigningKeyStore {

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public SigningKeyStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Adds {@code key}, which must be current, unless its algorithm has a current key already.
   *
   * @return false, writing nothing, if another current key of its algorithm is stored (another
   *     instance added it first)
   * @throws IllegalArgumentException if {@code key} is retired
   */
  public boolean addCurrent(StoredSigningKey key) {
    requireCurrent(key);
    try {
      jdbi.useHandle(handle -> insert(handle, key));
      return true;
    } catch (RuntimeException e) {
      if (StoreFailures.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Retires the current key of {@code key}'s algorithm at {@code now}, if there is one, and adds
   * {@code key} as the current one, in one transaction. Of two replacements at once, the unique
   * index lets one commit; the other may fail, leaving the first's key current.
   *
   * @return the id of the key retired, if there was one
   * @throws IllegalArgumentException if {@code key} is retired
   */
  public Optional<String> replaceCurrent(StoredSigningKey key, Instant now) {
    requireCurrent(key);
    Objects.requireNonNull(now, "now");
    return jdbi.inTransaction(
        handle -> {
          Optional<String> retired =
              handle
                  .createQuery("SELECT kid FROM signing_keys WHERE alg = ? AND retired_at IS NULL")
                  .bind(0, key.alg())
                  .mapTo(String.class)
                  .findOne();
          handle
              .createUpdate(
                  "UPDATE signing_keys SET retired_at = ? WHERE alg = ? AND retired_at IS NULL")
              .bind(0, now.toEpochMilli())
              .bind(1, key.alg())
              .execute();
          insert(handle, key);
          return retired;
        });
  }

  /** Returns every key, oldest first (then by algorithm and id). */
  public List<StoredSigningKey> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM signing_keys ORDER BY created_at, alg, kid")
                .map((row, context) -> map(row))
                .list());
  }

  /**
   * Returns the keys still in use: the current ones and those retired after {@code retiredAfter},
   * oldest first (then by algorithm and id).
   */
  public List<StoredSigningKey> inUse(Instant retiredAfter) {
    Objects.requireNonNull(retiredAfter, "retiredAfter");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT * FROM signing_keys WHERE retired_at IS NULL OR retired_at > ?
                    ORDER BY created_at, alg, kid
                    """)
                .bind(0, retiredAfter.toEpochMilli())
                .map((row, context) -> map(row))
                .list());
  }

  /**
   * Deletes the keys retired at or before {@code retiredBy}.
   *
   * @return how many were deleted
   */
  public int deleteRetired(Instant retiredBy) {
    Objects.requireNonNull(retiredBy, "retiredBy");
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM signing_keys WHERE retired_at <= ?")
                .bind(0, retiredBy.toEpochMilli())
                .execute());
  }

  /**
   * Replaces the sealed private key of {@code kid} by {@code replacement} (the same key, sealed
   * anew) if it is still {@code expected}: a compare-and-set, so of two instances sealing the same
   * row at start one writes and the other finds it done.
   *
   * @return whether the row held {@code expected}, and now holds {@code replacement}
   */
  public boolean replaceSealedPrivateJwk(String kid, String expected, String replacement) {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE signing_keys SET private_jwk = ? WHERE kid = ? AND private_jwk = ?")
                    .bind(0, replacement)
                    .bind(1, kid)
                    .bind(2, expected)
                    .execute())
        == 1;
  }

  private static void requireCurrent(StoredSigningKey key) {
    Objects.requireNonNull(key, "key");
    if (!key.current()) {
      throw new IllegalArgumentException("key " + key.kid() + " is retired: it cannot be added");
    }
  }

  private static void insert(Handle handle, StoredSigningKey key) {
    handle
        .createUpdate(
            """
            INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at)
            VALUES (?, ?, ?, ?, ?)
            """)
        .bind(0, key.kid())
        .bind(1, key.alg())
        .bind(2, key.sealedPrivateJwk())
        .bind(3, key.publicJwk())
        .bind(4, key.createdAt().toEpochMilli())
        .execute();
  }

  private static StoredSigningKey map(ResultSet row) throws SQLException {
    long retired = row.getLong("retired_at");
    Optional<Instant> retiredAt =
        row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(retired));
    return new StoredSigningKey(
        row.getString("kid"),
        row.getString("alg"),
        row.getString("private_jwk"),
        row.getString("public_jwk"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        retiredAt);
  }
}
