package io.bienvenue.auth;

import io.bienvenue.user.Session;
import io.bienvenue.user.User;
import java.time.Instant;
import java.util.Objects;

/**
 * What an app may learn of a live session: its user, the session, whether the user's logins need a
 * second factor, and when the session ends if it goes unused. Immutable; its {@link #toString()}
 * holds no secret, as neither {@link User}'s nor {@link Session}'s does.
 *
 * @param user the session's user, not disabled
 * @param session the session, its last use included
 * @param twoFactorOn whether the user's logins need a second factor's code
 * @param idleExpiresAt when the session ends if it is not used again; its absolute end is {@link
 *     Session#expiresAt()}, which may come first
 */
public record LiveSession(User user, Session session, boolean twoFactorOn, Instant idleExpiresAt) {

  /** Checks that no component is null. */
  public LiveSession {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
  }
}
