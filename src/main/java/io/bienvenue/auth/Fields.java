package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.user.Email;

/**
 * The check every entry point makes of an email it is given; a password's is {@code
 * PasswordInput}'s.
 */
final class Fields {

  private Fields() {}

  /**
   * Returns normally if {@code email} follows the service's one address grammar ({@link Email}).
   *
   * @throws InvalidFieldException naming the field {@code email} and saying why otherwise: not
   *     ASCII, or not a bare address
   */
  static void requireEmail(String email) {
    if (email == null) {
      throw new InvalidFieldException("email", Email.INVALID);
    }
    Email.problem(email)
        .ifPresent(
            problem -> {
              throw new InvalidFieldException("email", problem);
            });
  }
}
