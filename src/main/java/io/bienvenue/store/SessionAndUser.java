package io.bienvenue.store;

import io.bienvenue.user.Session;
import io.bienvenue.user.User;
import java.time.Instant;
import java.util.Objects;

/**
 * A session and the user it belongs to, read together in one query: what every authenticated
 * request needs. Immutable.
 *
 * @param session the session
 * @param user its user
 * @param twoFactorOn whether the user's logins need a second factor's code
 */
public record SessionAndUser(Session session, User user, boolean twoFactorOn) {

  /** Checks that neither is null. */
  public SessionAndUser {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(user, "user");
  }

  /** The same, with the session last seen at {@code lastSeenAt}. */
  public SessionAndUser seenAt(Instant lastSeenAt) {
    Session s = session;
    return new SessionAndUser(
        new Session(
            s.id(),
            s.publicId(),
            s.userId(),
            s.tokenHash(),
            s.createdAt(),
            lastSeenAt,
            s.expiresAt(),
            s.origin(),
            s.amr()),
        user,
        twoFactorOn);
  }
}
