package io.bienvenue.auth.twofactor;

import io.bienvenue.auth.token.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;

/**
 * Single-use recovery codes, for a user who lost the device with their authenticator app: ten of
 * them, each 80 random bits written as sixteen Base32 letters and digits in groups of four ({@code
 * abcd-efgh-ijkl-mnop}). Only their SHA-256 is stored; with 80 bits no slow hash is needed.
 * Stateless.
 */
public final class RecoveryCodes {

  /** How many codes an enrolment gives. */
  static final int COUNT = 10;

  private static final int CODE_BYTES = 10;
  private static final Pattern NORMALISED = Pattern.compile("[A-Z2-7]{16}");

  private RecoveryCodes() {}

  /** Returns {@link #COUNT} new codes, as the user writes them down. */
  public static List<String> newCodes(Tokens tokens) {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String letters = new Base32().encodeToString(tokens.randomBytes(CODE_BYTES));
      codes.add(
          String.join(
                  "-",
                  letters.substring(0, 4),
                  letters.substring(4, 8),
                  letters.substring(8, 12),
                  letters.substring(12))
              .toLowerCase(Locale.ROOT));
    }
    return List.copyOf(codes);
  }

  /**
   * Returns the stored form of {@code code} as a user may type it (any case, with or without the
   * dashes and spaces), or empty if it cannot be a recovery code.
   */
  public static Optional<String> hashOf(String code) {
    if (code == null || code.length() > 40) {
      return Optional.empty();
    }
    String normalised = code.replaceAll("[-\\s]", "").toUpperCase(Locale.ROOT);
    return NORMALISED.matcher(normalised).matches()
        ? Optional.of(Tokens.hash(normalised))
        : Optional.empty();
  }
}
