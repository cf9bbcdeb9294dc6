package io.bienvenue.auth.password;

import io.bienvenue.auth.failure.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/** The shape every password given to the service must have, whatever the mode's policy. */
public final class PasswordInput {

  /** The most bytes a password may have, after NFKC normalisation and UTF-8 encoding. */
  public static final int MAX_PASSWORD_BYTES = 1024;

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

  /**
   * The bytes of {@code password} that are hashed: normalised to Unicode NFKC, so the same password
   * typed on two keyboards gives the same bytes, and encoded as UTF-8.
   *
   * @throws InvalidFieldException if the password holds a lone surrogate or NUL, or its bytes are
   *     over {@value #MAX_PASSWORD_BYTES}
   */
  static byte[] encode(String password) {
    Objects.requireNonNull(password, "password");
    if (!PasswordInput.isWellFormed(password)) {
      // UTF-8 has no encoding for a lone surrogate: getBytes would turn it into '?'.
      throw new InvalidFieldException(
          "password", "password is not well-formed Unicode (it holds a lone UTF-16 surrogate)");
    }
    String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
    if (normalised.indexOf('\0') >= 0) {
      throw new InvalidFieldException(
          "password", "password must not contain the NUL character (U+0000)");
    }
    byte[] bytes = normalised.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PASSWORD_BYTES) {
      throw new InvalidFieldException(
          "password", "password must be at most " + MAX_PASSWORD_BYTES + " bytes long in UTF-8");
    }
    return bytes;
  }
}
