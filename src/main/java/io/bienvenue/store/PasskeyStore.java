package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The passkey store, over the {@code passkeys} table: the users' WebAuthn credentials, each
 * credential id belonging to one user only (a unique index). Recording a use is a compare-and-set
 * on the signature counter, so of two instances accepting assertions with the same counter one
 * wins. Thread-safe: each call takes a pooled connection, or joins the transaction open on the
 * calling thread.
 */
public final class PasskeyStore {

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public PasskeyStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Stores {@code passkey} if its user holds fewer than {@code maxPerUser} passkeys and its
   * credential id is no one's yet, in one transaction.
   *
   * @return false, writing nothing, if the credential id is taken (by any user) or the user is at
   *     the cap
   */
  public boolean add(StoredPasskey passkey, int maxPerUser) {
    Objects.requireNonNull(passkey, "passkey");
    return jdbi.inTransaction(
        handle -> {
          long held =
              handle
                  .createQuery("SELECT count(*) FROM passkeys WHERE user_id = ?")
                  .bind(0, passkey.userId())
                  .mapTo(Long.class)
                  .one();
          if (held >= maxPerUser) {
            return false;
          }
          return handle
                  .createUpdate(
                      """
                      INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count,
                        uv_initialized, backup_eligible, backup_state, transports, name,
                        created_at)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                      ON CONFLICT (credential_id) DO NOTHING
                      """)
                  .bind(0, passkey.id())
                  .bind(1, passkey.userId())
                  .bind(2, passkey.credentialId())
                  .bind(3, passkey.publicKey())
                  .bind(4, passkey.signCount())
                  .bind(5, passkey.uvInitialized())
                  .bind(6, passkey.backupEligible())
                  .bind(7, passkey.backupState())
                  .bind(8, String.join(" ", passkey.transports()))
                  .bind(9, passkey.name())
                  .bind(10, passkey.createdAt().toEpochMilli())
                  .execute()
              == 1;
        });
  }

  /** Returns the passkeys of {@code userId}, oldest first. */
  public List<StoredPasskey> ofUser(long userId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id")
                .bind(0, userId)
                .map((row, context) -> map(row))
                .list());
  }

  /** Counts the passkeys of {@code userId}. */
  public long countOf(long userId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT count(*) FROM passkeys WHERE user_id = ?")
                .bind(0, userId)
                .mapTo(Long.class)
                .one());
  }

  /** Returns the passkey whose credential id is {@code credentialId} (base64url), whoever's. */
  public Optional<StoredPasskey> findByCredentialId(String credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM passkeys WHERE credential_id = ?")
                .bind(0, credentialId)
                .map((row, context) -> map(row))
                .findOne());
  }

  /**
   * Records a login with the passkey {@code id}: its counter becomes {@code newCount} and its
   * backup state {@code backupState}, only if its counter is still {@code seenCount}, the value the
   * assertion was checked against.
   *
   * @return whether the counter was still {@code seenCount}, and the use is now recorded
   */
  public boolean recordUse(
      String id, long seenCount, long newCount, boolean backupState, Instant now) {
    Objects.requireNonNull(id, "id");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE passkeys SET sign_count = ?, backup_state = ?, last_used_at = ?
                        WHERE id = ? AND sign_count = ?
                        """)
                    .bind(0, newCount)
                    .bind(1, backupState)
                    .bind(2, now.toEpochMilli())
                    .bind(3, id)
                    .bind(4, seenCount)
                    .execute())
        == 1;
  }

  /**
   * Deletes the passkey {@code id} of {@code userId}; another user's is not touched.
   *
   * @return whether that user had it
   */
  public boolean delete(long userId, String id) {
    Objects.requireNonNull(id, "id");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate("DELETE FROM passkeys WHERE user_id = ? AND id = ?")
                    .bind(0, userId)
                    .bind(1, id)
                    .execute())
        > 0;
  }

  private static StoredPasskey map(ResultSet row) throws SQLException {
    long lastUsed = row.getLong("last_used_at");
    Optional<Instant> lastUsedAt =
        row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed));
    String transports = row.getString("transports");
    return new StoredPasskey(
        row.getString("id"),
        row.getLong("user_id"),
        row.getString("credential_id"),
        row.getString("public_key"),
        row.getLong("sign_count"),
        row.getBoolean("uv_initialized"),
        row.getBoolean("backup_eligible"),
        row.getBoolean("backup_state"),
        transports.isEmpty() ? List.of() : Arrays.asList(transports.split(" ")),
        row.getString("name"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        lastUsedAt);
  }
}
