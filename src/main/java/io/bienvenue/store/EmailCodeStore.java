package io.bienvenue.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The e-mail login codes, over the {@code email_login_codes} table: at most one live code per user,
 * as a keyed hash with an expiry, and the count of wrong codes tried for the user's address, which
 * a new code does not reset. Issuing replaces the code, so the older one is void; using one is a
 * compare-and-set that clears it, so of N concurrent uses on any instances exactly one wins.
 * Thread-safe: each call takes a pooled connection, or joins the transaction open on the calling
 * thread.
 */
public final class EmailCodeStore {

  /** Puts in a new code; the wrong tries stay, so asking for codes does not buy more guesses. */
  private static final String REPLACE =
      """
      INSERT INTO email_login_codes (user_id, code_hash, key_id, expires_at)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (user_id) DO UPDATE SET
        code_hash = excluded.code_hash,
        key_id = excluded.key_id,
        expires_at = excluded.expires_at
      """;

  /**
   * Uses the code once: only if it is still the live one, unexpired, and fewer than the most wrong
   * codes were tried in the current window (a window that opened at or before the cutoff is over).
   */
  private static final String USE =
      """
      UPDATE email_login_codes
      SET code_hash = NULL, wrong_tries = 0, wrong_since = NULL
      WHERE user_id = ? AND code_hash = ? AND expires_at > ?
        AND (wrong_tries < ? OR wrong_since IS NULL OR wrong_since <= ?)
      """;

  /** Counts one wrong code, starting a new window if the current one opened before the cutoff. */
  private static final String COUNT_WRONG =
      """
      UPDATE email_login_codes SET
        wrong_tries = CASE WHEN wrong_since IS NULL OR wrong_since <= ? THEN 1
                           ELSE wrong_tries + 1 END,
        wrong_since = CASE WHEN wrong_since IS NULL OR wrong_since <= ? THEN ?
                           ELSE wrong_since END
      WHERE user_id = ?
      """;

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public EmailCodeStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Makes {@code codeHash}, keyed with the secrets key {@code keyId}, the live code of {@code
   * userId} until {@code expiresAt}, voiding the one before; the count of wrong codes stays.
   */
  public void replace(long userId, String codeHash, String keyId, Instant expiresAt) {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(REPLACE)
                .bind(0, userId)
                .bind(1, codeHash)
                .bind(2, keyId)
                .bind(3, expiresAt.toEpochMilli())
                .execute());
  }

  /** Returns the row of {@code userId}, if a code was ever issued to them. */
  public Optional<StoredEmailCode> find(long userId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM email_login_codes WHERE user_id = ?")
                .bind(0, userId)
                .map(
                    (row, context) -> {
                      long since = row.getLong("wrong_since");
                      boolean none = row.wasNull();
                      return new StoredEmailCode(
                          row.getLong("user_id"),
                          Optional.ofNullable(row.getString("code_hash")),
                          row.getString("key_id"),
                          Instant.ofEpochMilli(row.getLong("expires_at")),
                          row.getInt("wrong_tries"),
                          none ? Optional.empty() : Optional.of(Instant.ofEpochMilli(since)));
                    })
                .findOne());
  }

  /**
   * Uses the live code of {@code userId} if its hash is {@code codeHash}, it is unexpired at {@code
   * now}, and fewer than {@code maxWrong} wrong codes were tried in a window opened after {@code
   * windowOpenAfter}; clears the code and the count. One compare-and-set.
   *
   * @return whether this call used the code: false if another did first, or it does not work
   */
  public boolean use(
      long userId, String codeHash, Instant now, int maxWrong, Instant windowOpenAfter) {
    Objects.requireNonNull(codeHash, "codeHash");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(USE)
                    .bind(0, userId)
                    .bind(1, codeHash)
                    .bind(2, now.toEpochMilli())
                    .bind(3, maxWrong)
                    .bind(4, windowOpenAfter.toEpochMilli())
                    .execute())
        == 1;
  }

  /**
   * Counts a wrong code tried for {@code userId} at {@code now}, in one statement: a count whose
   * window opened at or before {@code windowOpenAfter} starts over at one. Nothing happens for a
   * user who was never sent a code.
   */
  public void countWrong(long userId, Instant now, Instant windowOpenAfter) {
    long cutoff = windowOpenAfter.toEpochMilli();
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(COUNT_WRONG)
                .bind(0, cutoff)
                .bind(1, cutoff)
                .bind(2, now.toEpochMilli())
                .bind(3, userId)
                .execute());
  }
}
