package io.bienvenue.auth;

import io.bienvenue.user.SessionOrigin;
import java.time.Instant;
import java.util.Objects;

/**
 * One live session as its user sees it in their list: no token, no hash, no row id. Immutable.
 *
 * @param id the session's public id, by which its user can end it
 * @param createdAt when the user logged in
 * @param lastUsedAt when the session was last used (stamped at most once a short interval)
 * @param origin the user agent and client address of the login
 * @param current whether this is the session of the request that asked
 */
public record ActiveSession(
    String id, Instant createdAt, Instant lastUsedAt, SessionOrigin origin, boolean current) {

  /** Checks that no component is null. */
  public ActiveSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(origin, "origin");
  }
}
