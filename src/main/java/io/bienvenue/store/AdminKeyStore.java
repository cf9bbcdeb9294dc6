package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin API keys, over the {@code admin_keys} table: found by the hash of a key, never by the
 * key. Thread-safe: each call takes a pooled connection, or joins the transaction open on the
 * calling thread.
 */
public final class AdminKeyStore {

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public AdminKeyStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Adds {@code key}.
   *
   * @return false, adding nothing, if a key of that name exists
   */
  public boolean add(StoredAdminKey key) {
    Objects.requireNonNull(key, "key");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        """
                        INSERT INTO admin_keys (name, key_hash, created_at, last_used_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING
                        """)
                    .bind(0, key.name())
                    .bind(1, key.keyHash())
                    .bind(2, key.createdAt().toEpochMilli())
                    .bind(3, key.lastUsedAt().map(Instant::toEpochMilli).orElse(null))
                    .execute())
        == 1;
  }

  /** Returns the key whose hash is {@code keyHash}, if there is one. */
  public Optional<StoredAdminKey> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM admin_keys WHERE key_hash = ?")
                .bind(0, keyHash)
                .map((row, context) -> map(row))
                .findOne());
  }

  /** Returns every key, oldest first (then by name). */
  public List<StoredAdminKey> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM admin_keys ORDER BY created_at, name")
                .map((row, context) -> map(row))
                .list());
  }

  /** Stamps the key named {@code name} as used at {@code now}. */
  public void touch(String name, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(now, "now");
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("UPDATE admin_keys SET last_used_at = ? WHERE name = ?")
                .bind(0, now.toEpochMilli())
                .bind(1, name)
                .execute());
  }

  /**
   * Deletes the key named {@code name}: requests with it are refused from then on.
   *
   * @return whether there was one
   */
  public boolean remove(String name) {
    Objects.requireNonNull(name, "name");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate("DELETE FROM admin_keys WHERE name = ?")
                    .bind(0, name)
                    .execute())
        == 1;
  }

  private static StoredAdminKey map(ResultSet row) throws SQLException {
    long lastUsed = row.getLong("last_used_at");
    Optional<Instant> lastUsedAt =
        row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed));
    return new StoredAdminKey(
        row.getString("name"),
        row.getString("key_hash"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        lastUsedAt);
  }
}
