package io.bienvenue.store;

import io.bienvenue.user.Session;
import io.bienvenue.user.User;
import java.util.Objects;

/**
 * A session and the user it belongs to, read together in one query: what every authenticated
 * request needs. Immutable.
 *
 * @param session the session
 * @param user its user
 */
public record SessionAndUser(Session session, User user) {

  /** Checks that neither is null. */
  public SessionAndUser {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(user, "user");
  }
}
