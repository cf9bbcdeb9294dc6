package io.bienvenue.auth.password;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.ServiceBusyException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashing (the original's {@code _hash_password}) with Bouncy Castle's {@code
 * OpenBSDBCrypt}, on a bounded pool of its own.
 *
 * <p>Passwords are normalised to Unicode NFKC and encoded as UTF-8 before hashing, so the same
 * password typed on two keyboards gives the same bytes. A password with a lone UTF-16 surrogate
 * (which UTF-8 cannot encode, and {@code getBytes} would turn into {@code ?}) is refused, as is one
 * containing U+0000 (NUL), or over {@value #MAX_PASSWORD_BYTES} bytes, is refused: many bcrypt
 * implementations stop at a NUL, and the upper bound keeps a huge password from becoming a hashing
 * job. No password is ever truncated. The stored string takes one of two forms:
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
 * <p>Each hash or verify runs on one of a fixed number of threads (one per core by default) with a
 * bounded queue: a burst of logins waits its turn there instead of taking every core from cheap
 * requests, and once the queue is full further work is refused at once with {@link
 * ServiceBusyException}. Thread-safe; {@link #close()} stops the pool.
 */
public final class PasswordHasher implements AutoCloseable {

  /** The most bytes bcrypt reads; a longer password is pre-hashed (format version 1). */
  public static final int BCRYPT_INPUT_BYTES = 72;

  /** The most bytes a password may have, after NFKC normalisation and UTF-8 encoding. */
  public static final int MAX_PASSWORD_BYTES = 1024;

  /** The prefix of a format version 1 (pre-hashed) stored string; a whole bcrypt string follows. */
  public static final String PREHASHED_V1 = "$bv1-sha384$";

  private static final String VERSION = "2b";
  private static final int SALT_BYTES = 16;
  private static final int MIN_COST = 4;

  /** The highest bcrypt cost the hasher takes (each step doubles the work). */
  public static final int MAX_COST = 31;

  /**
   * The default cap on the cost of a stored hash ({@code --max-bcrypt-cost}): at cost 14 one verify
   * takes about a second on a core; a hash above the cap is never verified.
   */
  public static final int DEFAULT_MAX_COST = 14;

  private static final Pattern BCRYPT_COST = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$");
  // The shape of a bcrypt string, checked before the library parses one: Bouncy Castle fails on
  // some malformed strings with exceptions it does not document.
  private static final Pattern BCRYPT_STRING =
      Pattern.compile("\\$2[aby]\\$(0[4-9]|[12]\\d|3[01])\\$[./A-Za-z0-9]{53}");

  private final int cost;
  private final int maxCost;
  private final SecureRandom random;
  private final ThreadPoolExecutor pool;
  private final String dummyHash;
  // dummyHashes[c] is a dummy hash at cost c, for every c from MIN_COST to cost - 1.
  private final String[] dummyHashes;
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
   * Creates a hasher with the default cap, {@value #DEFAULT_MAX_COST} (or {@code cost} if higher),
   * that reports to {@code metrics}, as {@link #PasswordHasher(int, int, int, int, SecureRandom,
   * MeterRegistry)} describes.
   */
  public PasswordHasher(
      int cost, int threads, int queueCapacity, SecureRandom random, MeterRegistry metrics) {
    this(cost, Math.max(cost, DEFAULT_MAX_COST), threads, queueCapacity, random, metrics);
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
    if (cost < MIN_COST || cost > MAX_COST) {
      throw new IllegalArgumentException("bcrypt cost must be from 4 to 31, not " + cost);
    }
    if (maxCost < cost || maxCost > MAX_COST) {
      throw new IllegalArgumentException(
          "the bcrypt cost cap must be from the cost (" + cost + ") to 31, not " + maxCost);
    }
    this.cost = cost;
    this.maxCost = maxCost;
    this.random = Objects.requireNonNull(random, "random");
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread = new Thread(task, "bcrypt-" + count.incrementAndGet());
              thread.setDaemon(true);
              // Below the request threads, so that under a login flood a cheap request still gets
              // a core at once. The JVM turns this into a nice value only under
              // -XX:ThreadPriorityPolicy=1, which the launcher sets when it runs as root.
              thread.setPriority(Thread.MIN_PRIORITY);
              return thread;
            });
    this.hashTimer = timer(metrics, "hash");
    this.verifyTimer = timer(metrics, "verify");
    Gauge.builder("bienvenue.bcrypt.queue", pool, p -> p.getQueue().size())
        .description("bcrypt work waiting for a thread")
        .register(metrics);
    String cheap = bcrypt(randomPassword(random), MIN_COST, random);
    this.dummyHash = dummyHash(cheap, cost);
    this.dummyHashes = new String[cost];
    for (int c = MIN_COST; c < cost; c++) {
      dummyHashes[c] = dummyHash(cheap, c);
    }
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
    Objects.requireNonNull(hash, "hash");
    String bcrypt = hash.startsWith(PREHASHED_V1) ? hash.substring(PREHASHED_V1.length()) : hash;
    if (!BCRYPT_STRING.matcher(bcrypt).matches()) {
      return OptionalInt.empty();
    }
    Matcher matcher = BCRYPT_COST.matcher(bcrypt);
    return matcher.lookingAt()
        ? OptionalInt.of(Integer.parseInt(matcher.group(1)))
        : OptionalInt.empty();
  }

  /**
   * Returns the salted hash of {@code password}: plain {@code $2b$} bcrypt for a password of at
   * most {@value #BCRYPT_INPUT_BYTES} bytes, format version 1 (pre-hashed) for a longer one.
   *
   * @throws InvalidFieldException if the password is over {@value #MAX_PASSWORD_BYTES} bytes or
   *     contains NUL
   * @throws ServiceBusyException if the hashing queue is full
   */
  public String hash(String password) {
    byte[] bytes = encode(password);
    byte[] input = bcryptInput(bytes);
    String bcrypt = run(() -> hashTimer.record(() -> bcrypt(input, cost, random)));
    return bytes.length <= BCRYPT_INPUT_BYTES ? bcrypt : PREHASHED_V1 + bcrypt;
  }

  /**
   * Tells whether {@code password} matches {@code hash}, a plain bcrypt string ({@code $2a$},
   * {@code $2b$}, {@code $2y$}) or a format version 1 one, at the cost of one verify at the
   * configured cost whatever the hash's own (up to the cap). A malformed hash, one above the cap,
   * and a password over {@value #BCRYPT_INPUT_BYTES} bytes against a plain hash never match, after
   * the same bcrypt work as a real check.
   *
   * @throws InvalidFieldException if the password is over {@value #MAX_PASSWORD_BYTES} bytes or
   *     contains NUL
   * @throws ServiceBusyException if the hashing queue is full
   */
  public boolean verify(String password, String hash) {
    byte[] bytes = encode(password);
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
    return run(
        () -> {
          boolean matches = matches(input, bcrypt);
          harden(input, stored.getAsInt());
          return matches;
        });
  }

  /**
   * After a verify of a hash at {@code storedCost}, the dummy runs that bring its work up to one at
   * the configured cost: costs storedCost to cost − 1, 2^cost − 2^storedCost rounds in all.
   */
  private void harden(byte[] input, int storedCost) {
    for (int c = Math.max(storedCost, MIN_COST); c < cost; c++) {
      OpenBSDBCrypt.checkPassword(dummyHashes[c], input);
    }
  }

  /**
   * Does the work of {@link #verify} against a hash no password matches, so that a login for an
   * unknown email costs what a login with a wrong password does. Always returns false.
   *
   * @throws InvalidFieldException if the password is over {@value #MAX_PASSWORD_BYTES} bytes or
   *     contains NUL
   * @throws ServiceBusyException if the hashing queue is full
   */
  public boolean verifyNothing(String password) {
    return againstDummy(bcryptInput(encode(password)));
  }

  /**
   * Tells whether {@code hash} was made at another cost than the configured one (say, imported from
   * the original at cost 10): it should be replaced, on the next login that proves the password, by
   * a hash at the configured cost. A hash this class cannot read needs nothing.
   */
  public boolean needsRehash(String hash) {
    Objects.requireNonNull(hash, "hash");
    String bcrypt = hash.startsWith(PREHASHED_V1) ? hash.substring(PREHASHED_V1.length()) : hash;
    Matcher matcher = BCRYPT_COST.matcher(bcrypt);
    return matcher.lookingAt() && Integer.parseInt(matcher.group(1)) != cost;
  }

  /** Stops the hashing threads; work already queued is dropped. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private boolean againstDummy(byte[] input) {
    run(() -> matches(input, dummyHash));
    return false;
  }

  private boolean matches(byte[] password, String hash) {
    if (!BCRYPT_STRING.matcher(hash).matches()) {
      return false;
    }
    try {
      return verifyTimer.record(() -> OpenBSDBCrypt.checkPassword(hash, password));
    } catch (IllegalArgumentException | DataLengthException malformed) {
      return false;
    }
  }

  /** A {@code $2b$} string of {@code password} (at most 72 bytes) with a fresh salt. */
  private static String bcrypt(byte[] password, int cost, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(VERSION, password, salt, cost);
  }

  private static byte[] encode(String password) {
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

  private <T> T run(Callable<T> work) {
    try {
      return pool.submit(work).get();
    } catch (RejectedExecutionException e) {
      throw new ServiceBusyException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  /**
   * A well-formed bcrypt string at {@code cost} that no password matches: verifying against it
   * costs exactly what verifying a real user's password does. It is {@code cheap}, a hash of a
   * random password made at cost 4, with its cost field raised, so the start of the service pays no
   * full-cost hash (half a second at cost 12): the check runs {@code 2^cost} rounds over the salt,
   * and its result never equals a checksum made with 16 rounds (but for a 2^-184 chance).
   */
  private static String dummyHash(String cheap, int cost) {
    String cheapPrefix = String.format("$%s$%02d$", VERSION, MIN_COST);
    return String.format("$%s$%02d$%s", VERSION, cost, cheap.substring(cheapPrefix.length()));
  }

  private static byte[] randomPassword(SecureRandom random) {
    byte[] password = new byte[32];
    random.nextBytes(password);
    for (int i = 0; i < password.length; i++) {
      password[i] = (byte) ('a' + Math.floorMod(password[i], 26));
    }
    return password;
  }
}
