package io.bienvenue.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * bcrypt password hashing (the original's {@code _hash_password}), on a bounded pool of its own.
 *
 * <p>Passwords are normalised to Unicode NFKC and encoded as UTF-8 before hashing, so the same
 * password typed on two keyboards gives the same bytes. bcrypt reads at most {@value
 * #MAX_PASSWORD_BYTES} bytes: a longer password is refused, never silently truncated.
 *
 * <p>Each hash or verify runs on one of a fixed number of threads (one per core by default) with a
 * bounded queue: a burst of logins waits its turn there instead of taking every core from cheap
 * requests, and once the queue is full further work is refused at once with {@link
 * ServiceBusyException}. Thread-safe; {@link #close()} stops the pool.
 */
public final class PasswordHasher implements AutoCloseable {

  /** The most bytes bcrypt reads from a password. */
  public static final int MAX_PASSWORD_BYTES = 72;

  private static final String VERSION = "$2b";

  private final int cost;
  private final SecureRandom random;
  private final ThreadPoolExecutor pool;
  private final String dummyHash;

  /**
   * Creates a hasher.
   *
   * @param cost the bcrypt cost (log2 of the rounds), from 4 to 31
   * @param threads how many hashes may run at once
   * @param queueCapacity how many more may wait before work is refused
   * @param random the salt source, a CSPRNG
   */
  public PasswordHasher(int cost, int threads, int queueCapacity, SecureRandom random) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be from 4 to 31, not " + cost);
    }
    this.cost = cost;
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
              return thread;
            });
    // A hash of a random password at the same cost: verifying against it costs exactly what
    // verifying a real user's password does, and never succeeds.
    this.dummyHash = BCrypt.hashpw(randomPassword(random), BCrypt.gensalt(VERSION, cost, random));
  }

  /** The bcrypt cost new hashes are made with. */
  public int cost() {
    return cost;
  }

  /**
   * Returns the salted bcrypt hash of {@code password}.
   *
   * @throws InvalidFieldException if the password is over {@value #MAX_PASSWORD_BYTES} bytes
   * @throws ServiceBusyException if the hashing queue is full
   */
  public String hash(String password) {
    byte[] bytes = encode(password);
    return run(() -> BCrypt.hashpw(bytes, BCrypt.gensalt(VERSION, cost, random)));
  }

  /**
   * Tells whether {@code password} matches {@code hash}. A malformed hash never matches.
   *
   * @throws InvalidFieldException if the password is over {@value #MAX_PASSWORD_BYTES} bytes
   * @throws ServiceBusyException if the hashing queue is full
   */
  public boolean verify(String password, String hash) {
    byte[] bytes = encode(password);
    Objects.requireNonNull(hash, "hash");
    return run(() -> matches(bytes, hash));
  }

  /**
   * Does the work of {@link #verify} against a hash no password matches, so that a login for an
   * unknown email costs what a login with a wrong password does. Always returns false.
   */
  public boolean verifyNothing(String password) {
    byte[] bytes = encode(password);
    run(() -> matches(bytes, dummyHash));
    return false;
  }

  /** Stops the hashing threads; work already queued is dropped. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static boolean matches(byte[] password, String hash) {
    try {
      return BCrypt.checkpw(password, hash);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static byte[] encode(String password) {
    Objects.requireNonNull(password, "password");
    byte[] bytes =
        Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PASSWORD_BYTES) {
      throw new InvalidFieldException(
          "password",
          "password is longer than " + MAX_PASSWORD_BYTES + " bytes, the most bcrypt can use");
    }
    return bytes;
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

  private static byte[] randomPassword(SecureRandom random) {
    byte[] password = new byte[32];
    random.nextBytes(password);
    for (int i = 0; i < password.length; i++) {
      password[i] = (byte) ('a' + Math.floorMod(password[i], 26));
    }
    return password;
  }
}
