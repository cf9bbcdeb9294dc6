package io.bienvenue.store;

import io.bienvenue.user.SecondFactor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The second-factor store, over the {@code totp} and {@code recovery_codes} tables: at most one
 * TOTP secret per user, pending or on, as the auth layer sealed it, and its recovery codes as
 * hashes. Accepting a code's time step and using a recovery code are compare-and-set updates, so of
 * two instances racing on the same code exactly one wins. Thread-safe: each call takes a pooled
 * connection, or joins the transaction open on the calling thread.
 */
public final class TotpStore {

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public TotpStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Returns the second factor of {@code userId}, pending or on, if it has one. */
  public Optional<SecondFactor> find(long userId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM totp WHERE user_id = ?")
                .bind(0, userId)
                .map((row, context) -> map(row))
                .findOne());
  }

  /**
   * Begins an enrolment of {@code userId} with {@code secret}, replacing a pending one.
   *
   * @return false, writing nothing, if the user's second factor is already on
   */
  public boolean startEnrolment(long userId, String secret, Instant now) {
    Objects.requireNonNull(secret, "secret");
    return jdbi.inTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM totp WHERE user_id = ? AND confirmed_at IS NULL")
              .bind(0, userId)
              .execute();
          boolean on =
              handle
                      .createQuery("SELECT count(*) FROM totp WHERE user_id = ?")
                      .bind(0, userId)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (on) {
            return false;
          }
          handle
              .createUpdate("INSERT INTO totp (user_id, secret, created_at) VALUES (?, ?, ?)")
              .bind(0, userId)
              .bind(1, secret)
              .bind(2, now.toEpochMilli())
              .execute();
          return true;
        });
  }

  /**
   * Turns on the pending second factor of {@code userId} if its secret is still {@code secret},
   * whose code of time step {@code step} was just checked, recording that step as used. The compare
   * on the secret makes it safe against a new enrolment replacing the secret meanwhile: then
   * nothing is turned on, never a secret the code was not checked against.
   *
   * @return whether that secret was pending (and the step not already used), and so is now on
   */
  public boolean confirm(long userId, String secret, long step, Instant now) {
    Objects.requireNonNull(secret, "secret");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE totp SET confirmed_at = ?, last_step = ?
                        WHERE user_id = ? AND secret = ? AND confirmed_at IS NULL
                          AND (last_step IS NULL OR last_step < ?)
                        """)
                    .bind(0, now.toEpochMilli())
                    .bind(1, step)
                    .bind(2, userId)
                    .bind(3, secret)
                    .bind(4, step)
                    .execute())
        == 1;
  }

  /**
   * Records that a code of time step {@code step} was accepted for {@code userId}, only if no code
   * of that step or a later one was: the compare-and-set that refuses a replayed code, whichever
   * instance sees it.
   *
   * @return whether the step was new, and so the code may be accepted
   */
  public boolean acceptStep(long userId, long step) {
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE totp SET last_step = ?
                        WHERE user_id = ? AND confirmed_at IS NOT NULL
                          AND (last_step IS NULL OR last_step < ?)
                        """)
                    .bind(0, step)
                    .bind(1, userId)
                    .bind(2, step)
                    .execute())
        == 1;
  }

  /**
   * Deletes the second factor of {@code userId} and its recovery codes.
   *
   * @return whether it had one, pending or on
   */
  public boolean delete(long userId) {
    return jdbi.inTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM recovery_codes WHERE user_id = ?")
              .bind(0, userId)
              .execute();
          return handle.createUpdate("DELETE FROM totp WHERE user_id = ?").bind(0, userId).execute()
              > 0;
        });
  }

  /** Replaces the recovery codes of {@code userId} by those with hashes {@code codeHashes}. */
  public void replaceRecoveryCodes(long userId, List<String> codeHashes) {
    Objects.requireNonNull(codeHashes, "codeHashes");
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM recovery_codes WHERE user_id = ?")
              .bind(0, userId)
              .execute();
          for (String hash : codeHashes) {
            handle
                .createUpdate("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)")
                .bind(0, userId)
                .bind(1, Objects.requireNonNull(hash, "hash"))
                .execute();
          }
        });
  }

  /**
   * Uses the unused recovery code of {@code userId} with hash {@code codeHash}, in one
   * compare-and-set: of two concurrent uses exactly one succeeds.
   *
   * @return whether there was such an unused code, now used
   */
  public boolean useRecoveryCode(long userId, String codeHash, Instant now) {
    Objects.requireNonNull(codeHash, "codeHash");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE recovery_codes SET used_at = ?
                        WHERE user_id = ? AND code_hash = ? AND used_at IS NULL
                        """)
                    .bind(0, now.toEpochMilli())
                    .bind(1, userId)
                    .bind(2, codeHash)
                    .execute())
        == 1;
  }

  /** Counts the recovery codes of {@code userId} not used yet. */
  public long unusedRecoveryCodes(long userId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")
                .bind(0, userId)
                .mapTo(Long.class)
                .one());
  }

  /**
   * Returns every stored secret, pending or on, by user id, as the column holds it: for the pass at
   * start that seals those an earlier version stored in clear.
   */
  public Map<Long, String> secrets() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT user_id, secret FROM totp ORDER BY user_id")
                .reduceRows(
                    new LinkedHashMap<Long, String>(),
                    (map, row) -> {
                      map.put(
                          row.getColumn("user_id", Long.class),
                          row.getColumn("secret", String.class));
                      return map;
                    }));
  }

  /**
   * Replaces the secret of {@code userId} by {@code replacement} (the same secret, sealed anew) if
   * it is still {@code expected}: a compare-and-set, so of two instances sealing the same row at
   * start one writes and the other finds it done.
   *
   * @return whether the row held {@code expected}, and now holds {@code replacement}
   */
  public boolean replaceSecret(long userId, String expected, String replacement) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate("UPDATE totp SET secret = ? WHERE user_id = ? AND secret = ?")
                    .bind(0, replacement)
                    .bind(1, userId)
                    .bind(2, expected)
                    .execute())
        == 1;
  }

  private static SecondFactor map(ResultSet row) throws SQLException {
    long confirmed = row.getLong("confirmed_at");
    Optional<Instant> confirmedAt =
        row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(confirmed));
    long step = row.getLong("last_step");
    OptionalLong lastStep = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(step);
    return new SecondFactor(
        row.getLong("user_id"),
        row.getString("secret"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        confirmedAt,
        lastStep);
  }
}
