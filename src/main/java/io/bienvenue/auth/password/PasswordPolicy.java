package io.bienvenue.auth.password;

import com.nulabinc.zxcvbn.Context;
import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.matchers.Dictionary;
import com.nulabinc.zxcvbn.matchers.DictionaryMatcher;
import com.nulabinc.zxcvbn.matchers.L33tMatcher;
import com.nulabinc.zxcvbn.matchers.Match;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.user.Email;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which new passwords are acceptable, in the two modes of the contract (SPEC §3).
 *
 * <ul>
 *   <li>{@link #development()}: any non-empty password, as the original accepts.
 *   <li>{@link #production(int)}: NIST SP 800-63B rev. 4. At least a minimum number of characters,
 *       counted as Unicode code points after NFKC normalisation; no composition rules; not the
 *       user's email address nor the part before its {@code @}; not a password from zxcvbn4j's list
 *       of 30,000 leaked passwords, compared whole and case-insensitively, including its l33t
 *       spellings ({@code p@$$w0rd}).
 * </ul>
 *
 * <p>The upper bound on length and the refusal of NUL belong to {@link PasswordHasher}, which
 * applies them in both modes. Immutable and thread-safe. A production policy loads the leaked
 * password list once, when it is created (50 to 100 ms), never while checking a password; a check
 * then takes well under a millisecond, a few at worst.
 */
public final class PasswordPolicy {

  /** The smallest minimum length a production policy allows (NIST SP 800-63B rev. 4). */
  public static final int LEAST_PRODUCTION_MIN_LENGTH = 8;

  /**
   * The minimum length of production's policy by default ({@code --password-min-length}): NIST SP
   * 800-63B rev. 4's for a password used alone, without a second factor.
   */
  public static final int DEFAULT_PRODUCTION_MIN_LENGTH = 15;

  private final boolean production;
  private final int minLength;
  private final Context context;
  private final Map<String, Map<String, Integer>> leaked;
  private final int longestLeaked;

  private PasswordPolicy(boolean production, int minLength, Dictionary leakedPasswords) {
    this.production = production;
    this.minLength = minLength;
    this.context = new Context(Map.of(leakedPasswords.getName(), leakedPasswords), Map.of());
    this.leaked = Map.of(leakedPasswords.getName(), leakedPasswords.getRankedDictionary());
    this.longestLeaked =
        leakedPasswords.getRankedDictionary().keySet().stream()
            .mapToInt(String::length)
            .max()
            .orElse(0);
  }

  /** The development policy: any non-empty password, the original's behaviour. */
  public static PasswordPolicy development() {
    return new PasswordPolicy(false, 1, new Dictionary("none", List.of()));
  }

  /**
   * A production policy requiring at least {@code minLength} characters. Loads the leaked password
   * list, which takes 50 to 100 milliseconds: create one policy at start-up and share it.
   *
   * @throws IllegalArgumentException if {@code minLength} is below {@value
   *     #LEAST_PRODUCTION_MIN_LENGTH}
   */
  public static PasswordPolicy production(int minLength) {
    if (minLength < LEAST_PRODUCTION_MIN_LENGTH) {
      throw new IllegalArgumentException(
          "--password-min-length must be at least "
              + LEAST_PRODUCTION_MIN_LENGTH
              + ", not "
              + minLength);
    }
    PasswordPolicy policy;
    try {
      policy = new PasswordPolicy(true, minLength, StandardDictionaries.PASSWORDS_LOADER.load());
    } catch (IOException e) {
      throw new UncheckedIOException("zxcvbn's password list could not be read", e);
    }
    // One lookup now loads the matchers' classes (about 15 ms on a cold JVM) before the first
    // request does, and proves the list is the one expected.
    if (!policy.isLeaked("P@ssw0rd")) {
      throw new IllegalStateException("zxcvbn's password list lacks its most common passwords");
    }
    return policy;
  }

  /** Whether this is the production policy (else any non-empty password passes). */
  public boolean production() {
    return production;
  }

  /** The fewest characters (Unicode code points after NFKC normalisation) a password may have. */
  public int minLength() {
    return minLength;
  }

  /**
   * Refuses {@code password} as the new password of the account {@code email} if this policy does
   * not allow it. The message says why and never contains the password.
   *
   * @throws InvalidFieldException for the field {@code password}, if it is refused
   */
  public void check(String password, String email) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(email, "email");
    if (password.isEmpty()) {
      throw refused("password must not be empty");
    }
    if (!production) {
      return;
    }
    String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
    if (normalised.codePointCount(0, normalised.length()) < minLength) {
      throw refused("password must be at least " + minLength + " characters");
    }
    if (isEmailOrItsLocalPart(normalised, email)) {
      throw refused("password must not be your email address or the part before its @");
    }
    if (isLeaked(normalised)) {
      throw refused("password is too common: it appears in lists of leaked passwords");
    }
  }

  private static boolean isEmailOrItsLocalPart(String password, String email) {
    String folded = Email.fold(Normalizer.normalize(email, Normalizer.Form.NFKC));
    String candidate = Email.fold(password);
    int at = folded.lastIndexOf('@');
    return candidate.equals(folded) || (at > 0 && candidate.equals(folded.substring(0, at)));
  }

  private boolean isLeaked(String password) {
    // A match of the whole password is never longer than the longest entry (l33t substitutions
    // replace one character by one), and skipping longer ones keeps the matchers' quadratic
    // substring search off long passwords.
    if (password.length() > longestLeaked) {
      return false;
    }
    // Both matchers lower-case the password; the l33t one also tries every reading of 4, @, $, 0…
    // They are built per call because the library does not promise they are thread-safe.
    return coversWhole(new DictionaryMatcher(context, leaked).execute(password), password)
        || coversWhole(new L33tMatcher(context, leaked).execute(password), password);
  }

  private static boolean coversWhole(List<Match> matches, String password) {
    return matches.stream().anyMatch(m -> m.i == 0 && m.j == password.length() - 1);
  }

  private static InvalidFieldException refused(String message) {
    return new InvalidFieldException("password", message);
  }
}
