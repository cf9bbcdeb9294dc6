package io.bienvenue.auth.password;

import io.bienvenue.auth.failure.InvalidFieldException;

/** The shape every password given to the service must have, whatever the mode's policy. */
public final class PasswordInput {

  private PasswordInput() {}

  /**
   * Returns normally if {@code password}, given as the field {@code field}, is not empty and is
   * well-formed UTF-16 (no lone surrogate, which UTF-8 cannot encode: {@code "\ud800abc"} would
   * become the bytes of {@code "?abc"}, and so would {@code "\udfffabc"}); whether the mode's
   * policy accepts it is {@link PasswordPolicy}'s business.
   *
   * @throws InvalidFieldException naming {@code field} otherwise
   */
  public static void require(String field, String password) {
    if (password == null || password.isEmpty()) {
      throw new InvalidFieldException(field, field + " must not be empty");
    }
    if (!isWellFormed(password)) {
      throw new InvalidFieldException(
          field, field + " is not well-formed Unicode (it holds a lone UTF-16 surrogate)");
    }
  }

  /** Tells whether every surrogate in {@code text} is half of a pair. */
  public static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
