package io.bienvenue.auth.password;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of bcrypt, in one place: the shape of a bcrypt string, the range of its cost, and the
 * costs the service starts with. {@link PasswordHasher} hashes and verifies by them, the importer
 * checks the hashes it is given by them, and the configuration checks its costs by them.
 *
 * <p>A bcrypt string is {@code $2a$}, {@code $2b$} or {@code $2y$}, a cost of two digits (the log2
 * of the rounds), {@code $}, and 53 characters of bcrypt's base64 alphabet: the 22 of the salt and
 * the 31 of the checksum. Stateless and thread-safe.
 */
public final class BcryptHashes {

  /** The lowest cost bcrypt takes. */
  public static final int MIN_COST = 4;

  /** The highest cost bcrypt takes (each step doubles the work). */
  public static final int MAX_COST = 31;

  /** The cost of new hashes by default ({@code --bcrypt-cost}). */
  public static final int DEFAULT_COST = 12;

  /**
   * The default cap on the cost of a stored hash ({@code --max-bcrypt-cost}): at cost 14 one verify
   * takes about a second on a core; a hash above the cap is never verified.
   */
  public static final int DEFAULT_MAX_COST = 14;

  /** The lowest cost production mode starts with (OWASP Password Storage Cheat Sheet). */
  public static final int MIN_PRODUCTION_COST = 10;

  private static final Pattern STRING = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  private BcryptHashes() {}

  /**
   * The cost that {@code bcrypt} states, if it has the shape of a bcrypt string, whether or not the
   * cost is one bcrypt takes: {@code $2b$03$...} states 3.
   */
  public static OptionalInt statedCost(String bcrypt) {
    Objects.requireNonNull(bcrypt, "bcrypt");
    Matcher matcher = STRING.matcher(bcrypt);
    return matcher.matches()
        ? OptionalInt.of(Integer.parseInt(matcher.group(1)))
        : OptionalInt.empty();
  }

  /**
   * The cost of {@code bcrypt} if it is a well-formed bcrypt string: the shape, and a cost from
   * {@value #MIN_COST} to {@value #MAX_COST}.
   */
  public static OptionalInt costOf(String bcrypt) {
    OptionalInt cost = statedCost(bcrypt);
    return cost.isPresent() && isCost(cost.getAsInt()) ? cost : OptionalInt.empty();
  }

  /** Tells whether bcrypt takes {@code cost}: from {@value #MIN_COST} to {@value #MAX_COST}. */
  public static boolean isCost(int cost) {
    return cost >= MIN_COST && cost <= MAX_COST;
  }

  /**
   * Returns {@code cost} if bcrypt takes it.
   *
   * @param name what the cost is called in the message, such as {@code --bcrypt-cost}
   * @throws IllegalArgumentException saying "{@code name} must be from 4 to 31" otherwise
   */
  public static int requireCost(int cost, String name) {
    if (!isCost(cost)) {
      throw new IllegalArgumentException(
          name + " must be from " + MIN_COST + " to " + MAX_COST + ", not " + cost);
    }
    return cost;
  }

  /**
   * Returns {@code cap}, the highest cost of a stored hash that is verified, if it is from {@code
   * cost} (that of new hashes) to {@value #MAX_COST}.
   *
   * @param capName what the cap is called in the message, such as {@code --max-bcrypt-cost}
   * @param costName what the cost is called in it, such as {@code --bcrypt-cost}
   * @throws IllegalArgumentException naming both otherwise
   */
  public static int requireCap(int cap, int cost, String capName, String costName) {
    if (cap < cost || cap > MAX_COST) {
      throw new IllegalArgumentException(
          capName
              + " must be from "
              + costName
              + " ("
              + cost
              + ") to "
              + MAX_COST
              + ", not "
              + cap);
    }
    return cap;
  }

  /**
   * Returns {@code bcrypt}, a well-formed bcrypt string, with its cost field set to {@code cost}
   * and its salt and checksum kept: the checksum then matches no password at the new cost, so the
   * result is a hash to verify against when only the work of a verify is wanted.
   */
  static String withCost(String bcrypt, int cost) {
    requireCost(cost, "bcrypt cost");
    if (costOf(bcrypt).isEmpty()) {
      throw new IllegalArgumentException("not a well-formed bcrypt string");
    }
    // "$2b$" is 4 characters, the cost 2 more.
    return bcrypt.substring(0, 4) + String.format("%02d", cost) + bcrypt.substring(6);
  }
}
