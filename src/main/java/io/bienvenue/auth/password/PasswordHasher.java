package io.bienvenue.auth.password;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.ServiceBusyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalInt;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashing (the original's {@code _hash_password}) with Bouncy Castle's {@code
 * OpenBSDBCrypt}, by the rules of {@link BcryptHashes}, on a bounded {@link HashingPool} of its
 * own.
 *
 * <p>Passwords are normalised to Unicode NFKC and encoded as UTF-8 before hashing, so the same
 * password typed on two keyboards gives the same bytes. A password with a lone UTF-16 surrogate
 * (which UTF-8 cannot encode, and {@code getBytes} would turn into {@code ?}) is refused, as is one
 * containing U+0000 (NUL), or over {@value PasswordInput#MAX_PASSWORD_BYTES} bytes, is refused:
 * many bcrypt implementations stop at a NUL, and the upper bound keeps a huge password from
 * becoming a hashing job. No password is ever truncated. The stored string takes one of two forms:
 *
 * <ul>
 *   <li><b>plain bcrypt</b>, for a password of at most {@value #BCRYPT_INPUT_BYTES} bytes (all that
 *       bcrypt reads): the standard {@code $2b$<cost>$<salt><hash>} string, bcrypt over the
 *       password's bytes, which any bcrypt library reads. {@code $2a$} and {@code $2y$} hashes made
 *       elsewhere verify too.
 *   <li><b>format version 1, pre-hashed</b>, for a longer password: {@value #PREHASHED_V1} followed
 *       by a whole standard {@code $2b$} string, for example {@code
 *       $bv1-sha384$$2b$12$<salt><hash>}. The bcrypt input is the standard base64 (RFC 4648 §4,
 *       with padding, so no NUL) of the SHA-384 digest of the password's bytes: 64 ASCII bytes,
 *       which bcrypt reads whole. SHA-384 rather than SHA-512 because SHA-512's 88 base64
 *       characters would be over bcrypt's limit again.
 * </ul>
 *
 * <p>{@link #verify} chooses by the stored string's prefix. A password over {@value
 * #BCRYPT_INPUT_BYTES} bytes never matches a plain hash, since plain bcrypt would compare only its
 * first {@value #BCRYPT_INPUT_BYTES} bytes; it is checked against a dummy hash instead, so the
 * refusal costs the same bcrypt work as any other.
 *
 * <p>Every verify costs what one at the configured cost does, whatever the stored hash, so that the
 * time of a wrong password tells nothing about the account (Django's {@code harden_runtime}): a
 * hash stored at a lower cost s (an imported user, or every user after the cost was raised) is
 * followed by dummy bcrypt runs at costs s to configured−1, which add up to the difference (2^s +
 * 2^(s+1) + … + 2^(t−1) = 2^t − 2^s), for right and wrong passwords alike; {@link #needsRehash}
 * then says to replace it at the next successful login. A hash above the cap ({@link #maxCost()},
 * say an imported cost 31 that would hold a thread for days) and a malformed one are never
 * verified: they cost the dummy verify at the configured cost and never match, exactly like a wrong
 * password. A hash between the configured cost and the cap (left behind when an operator lowers the
 * cost) verifies at its own, longer, time until it is rehashed.
 *
 * <p>Each hash or verify runs on the pool (one thread per core by default); once its queue is full,
 * further work is refused at once with {@link ServiceBusyException}. Thread-safe; {@link #close()}
 * stops the pool.
 */
public final class PasswordHasher implements AutoCloseable {

  /** The most bytes bcrypt reads; a longer password is pre-hashed (format version 1). */
  public static final int BCRYPT_INPUT_BYTES = 72;

  /** The prefix of a format version 1 (pre-hashed) stored string; a whole bcrypt string follows. */
  public static final String PREHASHED_V1 = "$bv1-sha384$";

  private static final String VERSION = "2b";
  private static final int SALT_BYTES = 16;

  private final int cost;
  private final int maxCost;
  private final SecureRandom random;
  private final HashingPool pool;
  private final DummyHashes dummies;
  private final Timer hashTimer;
  private final Timer verifyTimer;

  /**
   * Creates a hasher.
   *
   * @param cost the bcrypt cost (log2 of the rounds), from 4 to 31
   * @param threads how many hashes may run at once
   * @param queueCapacity how many more may wait before work is refused
   * @param random the salt source, a CSPRNG
   */
  public PasswordHasher(int cost, int threads, int queueCapacity, SecureRandom random) {
    this(cost, threads, queueCapacity, random, new CompositeMeterRegistry());
  }

  /**
   * Creates a hasher with the default cap, {@value BcryptHashes#DEFAULT_MAX_COST} (or {@code cost}
   * if higher), that reports to {@code metrics}, as {@link #PasswordHasher(int, int, int, int,
   * SecureRandom, MeterRegistry)} describes.
   */
  public PasswordHasher(
      int cost, int threads, int queueCapacity, SecureRandom random, MeterRegistry metrics) {
    this(
        cost,
        Math.max(cost, BcryptHashes.DEFAULT_MAX_COST),
        threads,
        queueCapacity,
        random,
        metrics);
  }

  /**
   * Creates a hasher that reports to {@code metrics}: the time of each bcrypt run as {@code
   * bienvenue_bcrypt_seconds{operation=hash|verify}}, and the work waiting as {@code
   * bienvenue_bcrypt_queue}.
   *
   * @param cost the bcrypt cost (log2 of the rounds), from 4 to 31
   * @param maxCost the highest cost of a stored hash that is verified, from {@code cost} to 31
   * @param threads how many hashes may run at once
   * @param queueCapacity how many more may wait before work is refused
   * @param random the salt source, a CSPRNG
   * @param metrics where to report
   */
  public PasswordHasher(
      int cost,
      int maxCost,
      int threads,
      int queueCapacity,
      SecureRandom random,
      MeterRegistry metrics) {
    this.cost = BcryptHashes.requireCost(cost, "bcrypt cost");
    this.maxCost = BcryptHashes.requireCap(maxCost, cost, "the bcrypt cost cap", "the cost");
    this.random = Objects.requireNonNull(random, "random");
    this.pool = new HashingPool(threads, queueCapacity, metrics);
    this.hashTimer = timer(metrics, "hash");
    this.verifyTimer = timer(metrics, "verify");
    this.dummies = new DummyHashes(cost, random);
  }

  /** The bcrypt cost new hashes are made with. */
  public int cost() {
    return cost;
  }

  /** The highest cost of a stored hash that {@link #verify} checks; above it, nothing matches. */
  public int maxCost() {
    return maxCost;
  }

  /**
   * The cost of the bcrypt string {@code hash} (plain or format version 1), if it has the shape of
   * one: for an importer to compare with {@link #maxCost()}.
   */
  public static OptionalInt costOf(String hash) {
    return BcryptHashes.costOf(plain(hash));
  }

  /**
   * Returns the salted hash of {@code password}: plain {@code $2b$} bcrypt for a password of at
   * most {@value #BCRYPT_INPUT_BYTES} bytes, format version 1 (pre-hashed) for a longer one.
   *
   * @throws InvalidFieldException if the password is over {@value PasswordInput#MAX_PASSWORD_BYTES}
   *     bytes or contains NUL
   * @throws ServiceBusyException if the hashing queue is full
   */
  public String hash(String password) {
    byte[] bytes = PasswordInput.encode(password);
    byte[] input = bcryptInput(bytes);
    String bcrypt = pool.run(() -> hashTimer.record(() -> bcrypt(input, cost, random)));
    return bytes.length <= BCRYPT_INPUT_BYTES ? bcrypt : PREHASHED_V1 + bcrypt;
  }

  /**
   * Tells whether {@code password} matches {@code hash}, a plain bcrypt string ({@code $2a$},
   * {@code $2b$}, {@code $2y$}) or a format version 1 one, at the cost of one verify at the
   * configured cost whatever the hash's own (up to the cap). A malformed hash, one above the cap,
   * and a password over {@value #BCRYPT_INPUT_BYTES} bytes against a plain hash never match, after
   * the same bcrypt work as a real check.
   *
   * @throws InvalidFieldException if the password is over {@value PasswordInput#MAX_PASSWORD_BYTES}
   *     bytes or contains NUL
   * @throws ServiceBusyException if the hashing queue is full
   */
  public boolean verify(String password, String hash) {
    byte[] bytes = PasswordInput.encode(password);
    OptionalInt stored = costOf(hash);
    if (stored.isEmpty() || stored.getAsInt() > maxCost) {
      // Malformed, or so costly that two logins would hold every hashing thread for minutes.
      return againstDummy(bcryptInput(bytes));
    }
    boolean prehashed = hash.startsWith(PREHASHED_V1);
    if (!prehashed && bytes.length > BCRYPT_INPUT_BYTES) {
      // bcrypt would compare only the first 72 bytes: that is the truncation this class exists
      // to prevent. Do the same work against the dummy hash, so the refusal cannot be timed.
      return againstDummy(prehash(bytes));
    }
    byte[] input = prehashed ? prehash(bytes) : bytes;
    String bcrypt = prehashed ? hash.substring(PREHASHED_V1.length()) : hash;
    return pool.run(
        () -> {
          boolean matches = matches(input, bcrypt);
          dummies.harden(input, stored.getAsInt());
          return matches;
        });
  }

  /**
   * Does the work of {@link #verify} against a hash no password matches, so that a login for an
   * unknown email costs what a login with a wrong password does. Always returns false.
   *
   * @throws InvalidFieldException if the password is over {@value PasswordInput#MAX_PASSWORD_BYTES}
   *     bytes or contains NUL
   * @throws ServiceBusyException if the hashing queue is full
   */
  public boolean verifyNothing(String password) {
    return againstDummy(bcryptInput(PasswordInput.encode(password)));
  }

  /**
   * Tells whether {@code hash} was made at another cost than the configured one (say, imported from
   * the original at cost 10): it should be replaced, on the next login that proves the password, by
   * a hash at the configured cost. A hash this class cannot read needs nothing.
   */
  public boolean needsRehash(String hash) {
    OptionalInt stored = costOf(hash);
    return stored.isPresent() && stored.getAsInt() != cost;
  }

  /** Stops the hashing threads; work already queued is dropped. */
  @Override
  public void close() {
    pool.close();
  }

  private boolean againstDummy(byte[] input) {
    pool.run(() -> matches(input, dummies.atCost()));
    return false;
  }

  private boolean matches(byte[] password, String hash) {
    // Checked before the library parses the string: Bouncy Castle fails on some malformed strings
    // with exceptions it does not document.
    if (BcryptHashes.costOf(hash).isEmpty()) {
      return false;
    }
    try {
      return verifyTimer.record(() -> OpenBSDBCrypt.checkPassword(hash, password));
    } catch (IllegalArgumentException | DataLengthException malformed) {
      return false;
    }
  }

  /** A {@code $2b$} string of {@code password} (at most 72 bytes) with a fresh salt. */
  static String bcrypt(byte[] password, int cost, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(VERSION, password, salt, cost);
  }

  private static byte[] bcryptInput(byte[] password) {
    return password.length <= BCRYPT_INPUT_BYTES ? password : prehash(password);
  }

  /** Format version 1's bcrypt input: base64 of SHA-384, 64 ASCII bytes with no NUL. */
  private static byte[] prehash(byte[] password) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-384").digest(password);
      return Base64.getEncoder().encode(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-384", e);
    }
  }

  private static Timer timer(MeterRegistry metrics, String operation) {
    return Timer.builder("bienvenue.bcrypt")
        .description("Time of one bcrypt run, queue wait excluded")
        .tag("operation", operation)
        .register(metrics);
  }

  /** {@code hash} without the format version 1 prefix, if it has one. */
  private static String plain(String hash) {
    Objects.requireNonNull(hash, "hash");
    return hash.startsWith(PREHASHED_V1) ? hash.substring(PREHASHED_V1.length()) : hash;
  }
}
