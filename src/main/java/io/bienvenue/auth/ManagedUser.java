package io.bienvenue.auth;

import io.bienvenue.user.User;
import java.util.Objects;

/**
 * A user as the admin API shows it: the user, and whether a second factor guards their logins.
 * Immutable.
 *
 * @param user the user (whose hashes never leave the service)
 * @param twoFactor whether their logins need a one-time code
 */
public record ManagedUser(User user, boolean twoFactor) {

  /** Checks that the user is given. */
  public ManagedUser {
    Objects.requireNonNull(user, "user");
  }
}
