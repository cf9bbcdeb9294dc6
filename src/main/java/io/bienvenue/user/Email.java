package io.bienvenue.user;

import java.util.Locale;
import java.util.Objects;

/**
 * Rules for email addresses: what counts as plausible, and the case-folded key that makes two
 * spellings of one address the same user. Stateless and thread-safe.
 */
public final class Email {

  /** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
  public static final int MAX_LENGTH = 254;

  private Email() {}

  /**
   * Tells whether {@code email} is plausibly an address: one {@code @} with text on both sides, no
   * whitespace or control characters, and at most {@value #MAX_LENGTH} characters. Deliverability
   * is not checked: only a mail that arrives proves an address.
   */
  public static boolean isPlausible(String email) {
    Objects.requireNonNull(email, "email");
    if (email.isEmpty() || email.length() > MAX_LENGTH) {
      return false;
    }
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1) {
      return false;
    }
    return email
        .codePoints()
        .noneMatch(
            c ->
                Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c));
  }

  /**
   * Returns the key under which {@code email} is unique: the address lower-cased with the root
   * locale, so {@code Ann@Example.org} and {@code ann@example.org} are one user on every database.
   */
  public static String fold(String email) {
    return Objects.requireNonNull(email, "email").toLowerCase(Locale.ROOT);
  }
}
