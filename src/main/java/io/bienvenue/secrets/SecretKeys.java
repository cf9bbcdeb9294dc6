package io.bienvenue.secrets;

import io.bienvenue.store.Database;
import io.bienvenue.store.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys that seal and open secrets at rest: 256-bit AES keys, each written as base64url of its
 * 32 bytes on a line of its own. The first key seals; every key opens, so a key is rotated by
 * putting a new one first and keeping the old one below it until no value sealed with it is left.
 * Each key is known by its id, base64url of the first 9 bytes of its SHA-256: the {@code kid} of
 * what it seals, which names the key without revealing it. Immutable and thread-safe.
 */
public final class SecretKeys {

  /** The bytes of a key. */
  static final int KEY_BYTES = 32;

  /** The key file of a PostgreSQL database in development, in the working directory. */
  public static final Path SHARED_DATABASE_KEY_FILE = Path.of("bienvenue-secrets.key");

  private final List<byte[]> keys;
  private final List<String> ids;

  SecretKeys(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no secrets key");
    }
    this.keys = keys.stream().map(byte[]::clone).toList();
    this.ids = keys.stream().map(SecretKeys::idOf).toList();
  }

  /**
   * The keys for a service on {@code database}: those {@code source} names; without one, in
   * production none (the start is refused), and in development those of the key file beside the
   * SQLite file ({@code <database>.key}) or, for PostgreSQL, {@link #SHARED_DATABASE_KEY_FILE},
   * generated with one new key if it is missing (and said so in the log). An in-memory database,
   * gone at exit, gets a key that is gone at exit too.
   *
   * @throws IllegalStateException in one line, if production has no key or a key file is
   *     unreadable, readable by group or others, or holds no key
   */
  public static SecretKeys load(
      KeySource source, String database, boolean production, SecureRandom random) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(random, "random");
    if (source.key().isPresent()) {
      return parse(source.key().get(), "BIENVENUE_SECRETS_KEY");
    }
    if (source.file().isPresent()) {
      return read(source.file().get());
    }
    if (production) {
      throw new IllegalStateException(
          "--production needs the secrets key: --secrets-key-file PATH"
              + " (BIENVENUE_SECRETS_KEY_FILE), or the key itself in BIENVENUE_SECRETS_KEY"
              + " (base64url of 32 random bytes: openssl rand 32 | basenc --base64url)");
    }
    Optional<Path> file = developmentFile(database);
    if (file.isEmpty()) {
      return new SecretKeys(List.of(newKey(random)));
    }
    return Files.exists(file.get()) ? read(file.get()) : KeyFiles.generate(file.get(), random);
  }

  /**
   * The key file development uses on {@code database} when no key is given: {@code <database>.key}
   * beside an SQLite file, {@link #SHARED_DATABASE_KEY_FILE} for PostgreSQL, and none for an
   * in-memory database, whose key lives in memory as it does.
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports
   */
  public static Optional<Path> developmentFile(String database) {
    Optional<Path> sqliteFile = Database.fileOf(database);
    if (sqliteFile.isPresent()) {
      Path file = sqliteFile.get();
      return Optional.of(file.resolveSibling(file.getFileName() + ".key"));
    }
    return Database.dialectOf(database) == Dialect.SQLITE
        ? Optional.empty()
        : Optional.of(SHARED_DATABASE_KEY_FILE);
  }

  /**
   * Reads the keys of {@code file}, one a line; blank lines and lines starting with {@code #} are
   * skipped.
   *
   * @throws IllegalStateException in one line, if the file cannot be read, is readable by group or
   *     others, or holds a line that is not a key, or no key
   */
  public static SecretKeys read(Path file) {
    return KeyFiles.read(file);
  }

  /**
   * Reads keys from {@code text}, one a line, as {@link #read} does.
   *
   * @param origin where the text came from, for the message of a refusal
   * @throws IllegalStateException naming the line that is not a key, never with its text
   */
  public static SecretKeys parse(String text, String origin) {
    Objects.requireNonNull(text, "text");
    List<byte[]> keys = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      keys.add(decode(line, origin, i + 1));
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          origin + " holds no key: write base64url of 32 random bytes on a line");
    }
    return new SecretKeys(keys);
  }

  /** How many keys there are: one, or more while a key is being rotated. */
  public int size() {
    return keys.size();
  }

  /** The id of the key that seals: the {@code kid} of every value sealed now. */
  public String sealingKeyId() {
    return ids.get(0);
  }

  /** The key that seals. */
  byte[] sealingKey() {
    return keys.get(0).clone();
  }

  /** The key whose id is {@code id}, if it is one of these. */
  Optional<byte[]> withId(String id) {
    int index = ids.indexOf(id);
    return index < 0 ? Optional.empty() : Optional.of(keys.get(index).clone());
  }

  /** Names the keys by their ids, never their bytes. */
  @Override
  public String toString() {
    return "SecretKeys" + ids;
  }

  private static byte[] decode(String line, String origin, int number) {
    byte[] key;
    try {
      key = Base64.getUrlDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != KEY_BYTES) {
      Arrays.fill(key, (byte) 0);
      throw new IllegalStateException(
          "line "
              + number
              + " of "
              + origin
              + " is not a key: each key is base64url of 32 random bytes");
    }
    return key;
  }

  static byte[] newKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  private static String idOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
