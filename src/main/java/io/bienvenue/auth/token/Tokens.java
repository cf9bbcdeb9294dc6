package io.bienvenue.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The source of session and reset tokens (the original's {@code _generate_uuid}), and the one place
 * tokens are hashed for storage. A token is 256 bits from a CSPRNG, written in unpadded base64url
 * (43 characters). Thread-safe.
 */
public final class Tokens {

  /** Never used itself: {@link #newSha256} clones it. */
  private static final MessageDigest SHA_256 = sha256();

  private static final int TOKEN_BYTES = 32;
  private static final int ID_BYTES = 16;
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecureRandom random;

  /** Creates a source drawing from {@code random}, which must be a CSPRNG. */
  public Tokens(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Returns a new random token. */
  public String newToken() {
    return random(TOKEN_BYTES);
  }

  /**
   * Returns a new random public id: 128 bits in unpadded base64url (22 characters), for naming a
   * stored thing (a session, a client) to its owner. It is no secret, and unrelated to any token.
   * It starts with a letter or a digit, never {@code -} or {@code _}: an operator types it on a
   * command line ({@code client remove ID}), where a leading {@code -} reads as an option.
   */
  public String newId() {
    String id;
    do {
      id = random(ID_BYTES);
    } while (!Character.isLetterOrDigit(id.charAt(0)));
    return id;
  }

  /** Tells whether {@code token} has the shape of a token this class makes. */
  public static boolean isWellFormed(String token) {
    return token != null && WELL_FORMED.matcher(token).matches();
  }

  /** Returns the SHA-256 of {@code token} as lower-case hex: what the database keeps. */
  public static String hash(String token) {
    byte[] digest = newSha256().digest(token.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }

  /**
   * A fresh SHA-256 digest, cloned from one looked up once: the provider lookup of {@code
   * getInstance} was most of hashing a token, and every request with a session hashes one.
   */
  private static MessageDigest newSha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Compares two token hashes in time that does not depend on where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Tells whether {@code tokenHash} is the stored hash, compared in constant time, and the stored
   * expiry is after {@code now}: a token that is present, right and unexpired.
   */
  public static boolean isLive(
      Optional<String> storedHash, Optional<Instant> expiresAt, String tokenHash, Instant now) {
    boolean matches = storedHash.map(stored -> sameHash(stored, tokenHash)).orElse(false);
    boolean live = expiresAt.map(now::isBefore).orElse(false);
    return matches && live;
  }

  /** Returns {@code count} bytes from the CSPRNG: for secrets of other shapes than a token. */
  public byte[] randomBytes(int count) {
    byte[] drawn = new byte[count];
    random.nextBytes(drawn);
    return drawn;
  }

  private String random(int bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
  }
}
