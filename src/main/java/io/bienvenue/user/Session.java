package io.bienvenue.user;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A login session: one row of the {@code sessions} table. The original kept a single {@code
 * session_id} in the user row; Bienvenue keeps one row per device, each holding only the SHA-256 of
 * its token. Instances are immutable.
 *
 * @param id the primary key, an opaque number that is not the token
 * @param publicId the id the user sees and names the session by: random, and neither the row id,
 *     the token nor its hash
 * @param userId the user the session belongs to
 * @param tokenHash the SHA-256 of the session token, hex-encoded
 * @param createdAt when the user logged in
 * @param lastSeenAt when the session was last used (updated at most once a short interval)
 * @param expiresAt the absolute end of the session, however active it is
 * @param origin where the login came from: its user agent and client address, as far as known
 * @param amr how the login was authenticated, as RFC 8176 names methods: {@code pwd} for the
 *     password, then {@code otp} for a second factor's code; {@code otp} alone for a code sent by
 *     e-mail, with {@code mfa} when that login took the second factor's code too; empty for a
 *     session started without a login ({@code Auth.createSession})
 */
public record Session(
    long id,
    String publicId,
    long userId,
    String tokenHash,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    SessionOrigin origin,
    List<String> amr) {

  /** Checks that no component is null. */
  public Session {
    Objects.requireNonNull(publicId, "publicId");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(origin, "origin");
    amr = List.copyOf(amr);
  }

  /** Returns the ids only: the token hash stays out of logs. */
  @Override
  public String toString() {
    return "Session[id=" + id + ", userId=" + userId + "]";
  }
}
