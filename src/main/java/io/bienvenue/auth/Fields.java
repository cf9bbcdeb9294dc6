package io.bienvenue.auth;

import io.bienvenue.user.Email;

/** The checks every entry point makes of the fields it is given, with the errors they throw. */
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

  /**
   * Returns normally if {@code password}, given as the field {@code field}, is not empty; whether
   * the mode's policy accepts it is {@link PasswordPolicy}'s business.
   *
   * @throws InvalidFieldException naming {@code field} otherwise
   */
  static void requirePassword(String field, String password) {
    if (password == null || password.isEmpty()) {
      throw new InvalidFieldException(field, field + " must not be empty");
    }
  }
}
