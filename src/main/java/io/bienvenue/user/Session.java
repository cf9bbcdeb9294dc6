package io.bienvenue.user;

import java.time.Instant;
import java.util.Objects;

/**
 * A login session: one row of the {@code sessions} table. The original kept a single {@code
 * session_id} in the user row; Bienvenue keeps one row per device, each holding only the SHA-256 of
 * its token. Instances are immutable.
 *
 * @param id the primary key, an opaque number that is not the token
 * @param userId the user the session belongs to
 * @param tokenHash the SHA-256 of the session token, hex-encoded
 * @param createdAt when the user logged in
 * @param lastSeenAt when the session was last used (updated at most once a short interval)
 * @param expiresAt the absolute end of the session, however active it is
 */
public record Session(
    long id,
    long userId,
    String tokenHash,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt) {

  /** Checks that no component is null. */
  public Session {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Returns the ids only: the token hash stays out of logs. */
  @Override
  public String toString() {
    return "Session[id=" + id + ", userId=" + userId + "]";
  }
}
