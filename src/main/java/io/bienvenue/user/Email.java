package io.bienvenue.user;

import java.util.Objects;
import java.util.Optional;

/**
 * The one address grammar of the service, used at registration, at every route that takes an email,
 * at import and at send, and the case-folded key that makes two spellings of one address the same
 * user. Stateless and thread-safe.
 *
 * <p>An address is a bare RFC 5321 {@code addr-spec} in ASCII: a dot-atom local part (no quoted
 * local part), exactly one {@code @}, and a domain that is a host name (letters, digits and hyphens
 * in labels of at most 63 characters, no address literal such as {@code [127.0.0.1]}, no trailing
 * dot). No display name, comment, angle brackets or source route: what is accepted is the address
 * the mail goes to, character for character. Non-ASCII addresses are refused, since the mailer
 * sends without SMTPUTF8.
 */
public final class Email {

  /** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
  public static final int MAX_LENGTH = 254;

  /** Why an address that does not follow the grammar is refused. */
  public static final String INVALID = "email is not a valid address";

  /** Why an address with a character beyond ASCII is refused. */
  public static final String NOT_ASCII =
      "email must be ASCII: internationalised addresses are not supported";

  private static final int MAX_LOCAL_LENGTH = 64;
  private static final int MAX_LABEL_LENGTH = 63;
  private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

  private Email() {}

  /** Tells whether {@code email} follows the grammar; {@link #problem} says why not. */
  public static boolean isValid(String email) {
    return problem(email).isEmpty();
  }

  /**
   * Returns why {@code email} does not follow the grammar ({@link #NOT_ASCII} or {@link #INVALID}),
   * or empty if it does. Deliverability is not checked: only a mail that arrives proves an address.
   */
  public static Optional<String> problem(String email) {
    Objects.requireNonNull(email, "email");
    if (email.chars().anyMatch(c -> c > 0x7F)) {
      return Optional.of(NOT_ASCII);
    }
    if (email.length() > MAX_LENGTH) {
      return Optional.of(INVALID);
    }
    int at = email.indexOf('@');
    if (at < 0 || at != email.lastIndexOf('@')) {
      return Optional.of(INVALID);
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    if (!isDotAtom(local) || local.length() > MAX_LOCAL_LENGTH || !isHostName(domain)) {
      return Optional.of(INVALID);
    }
    return Optional.empty();
  }

  /**
   * Returns the key under which {@code email} is unique: the address with the ASCII letters {@code
   * A} to {@code Z} lowered, and every other character as it is. No Unicode case mapping: {@code K}
   * (the Kelvin sign) never becomes {@code k}, nor {@code İ} an {@code i}.
   */
  public static String fold(String email) {
    Objects.requireNonNull(email, "email");
    StringBuilder folded = new StringBuilder(email.length());
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }

  /**
   * Returns the mailbox {@code email} delivers to, for counting mail: its folded key with any
   * {@code +tag} of the local part left out, so {@code victim+1@example.net} and {@code
   * victim@example.net} are one mailbox.
   */
  public static String mailbox(String email) {
    String folded = fold(email);
    int at = folded.lastIndexOf('@');
    int plus = folded.indexOf('+');
    if (at < 0 || plus < 0 || plus > at) {
      return folded;
    }
    return folded.substring(0, plus) + folded.substring(at);
  }

  private static boolean isDotAtom(String text) {
    if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
      return false;
    }
    return text.chars().allMatch(c -> c == '.' || isAtext(c));
  }

  private static boolean isAtext(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ATEXT_SYMBOLS.indexOf(c) >= 0;
  }

  private static boolean isHostName(String domain) {
    if (domain.isEmpty() || domain.endsWith(".")) {
      return false;
    }
    for (String label : domain.split("\\.", -1)) {
      if (!isLabel(label)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLabel(String label) {
    if (label.isEmpty()
        || label.length() > MAX_LABEL_LENGTH
        || label.startsWith("-")
        || label.endsWith("-")) {
      return false;
    }
    return label
        .chars()
        .allMatch(c -> c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c));
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
