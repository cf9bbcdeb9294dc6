package io.bienvenue.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The store of WebAuthn challenges, over the {@code webauthn_challenges} table: the ceremonies
 * under way, kept in the database so that whichever instance receives the answer can check it. A
 * challenge is used by deleting it where it is still live, of the same purpose and user: one
 * compare-and-set, so of N concurrent answers across instances exactly one wins. Live challenges
 * are capped per user, per client address and in all; expired ones are purged as new ones are
 * issued. Thread-safe: each call takes a pooled connection, or joins the transaction open on the
 * calling thread.
 */
public final class ChallengeStore {

  /** What a challenge was issued for. */
  public enum Purpose {
    /** Adding a passkey to a logged-in user's account. */
    REGISTRATION,
    /** Logging in with a passkey. */
    AUTHENTICATION;

    /** The value of the {@code purpose} column. */
    String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How many live challenges may be held at once.
   *
   * @param perUser by one user (registrations)
   * @param perClientAddress asked for from one client address
   * @param total in the whole table
   */
  public record Caps(int perUser, int perClientAddress, int total) {}

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public ChallengeStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Stores the live challenge {@code challenge} (base64url), for {@code purpose}, of {@code userId}
   * if it is a registration's, asked for from {@code clientAddress}, until {@code expiresAt}; first
   * purges the challenges expired at {@code now}. The counts and the insert share one transaction;
   * the caps bound the table's size, not an exact figure under concurrent requests.
   *
   * @return false, storing nothing, if that user, that address or the table is at its cap
   */
  public boolean issue(
      String challenge,
      Purpose purpose,
      OptionalLong userId,
      String clientAddress,
      Instant expiresAt,
      Instant now,
      Caps caps) {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(caps, "caps");
    return jdbi.inTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM webauthn_challenges WHERE expires_at <= ?")
              .bind(0, now.toEpochMilli())
              .execute();
          if ((userId.isPresent()
                  && count(handle, "user_id = ?", userId.getAsLong()) >= caps.perUser())
              || count(handle, "client_address = ?", clientAddress) >= caps.perClientAddress()
              || count(handle, "1 = ?", 1) >= caps.total()) {
            return false;
          }
          handle
              .createUpdate(
                  """
                  INSERT INTO webauthn_challenges
                    (challenge, purpose, user_id, client_address, expires_at)
                  VALUES (?, ?, ?, ?, ?)
                  """)
              .bind(0, challenge)
              .bind(1, purpose.column())
              .bind(2, userId.isPresent() ? userId.getAsLong() : null)
              .bind(3, clientAddress)
              .bind(4, expiresAt.toEpochMilli())
              .execute();
          return true;
        });
  }

  /**
   * Uses the challenge {@code challenge} if it is live at {@code now}, was issued for {@code
   * purpose} and belongs to {@code userId} (empty: to no user, a login's). One delete, so it is
   * used at most once; a challenge of another user or purpose is left as it was.
   *
   * @return whether it was such a live challenge, and is now used
   */
  public boolean consume(String challenge, Purpose purpose, OptionalLong userId, Instant now) {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(userId, "userId");
    String owner = userId.isPresent() ? "user_id = ?" : "user_id IS NULL AND 0 = ?";
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "DELETE FROM webauthn_challenges WHERE challenge = ? AND purpose = ?"
                            + " AND expires_at > ? AND "
                            + owner)
                    .bind(0, challenge)
                    .bind(1, purpose.column())
                    .bind(2, now.toEpochMilli())
                    .bind(3, userId.orElse(0))
                    .execute())
        == 1;
  }

  private static long count(Handle handle, String where, Object value) {
    return handle
        .createQuery("SELECT count(*) FROM webauthn_challenges WHERE " + where)
        .bind(0, value)
        .mapTo(Long.class)
        .one();
  }
}
