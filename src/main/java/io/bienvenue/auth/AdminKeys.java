package io.bienvenue.auth;

import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.AdminKeyStore;
import io.bienvenue.store.StoredAdminKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys of the admin API: made by an operator ({@code admin-key add NAME}), shown once, kept
 * only as their SHA-256 (the hash session tokens are kept by: a key of 256 random bits needs no
 * slow hash), and presented by each request as {@code Authorization: Bearer}. A presented key is
 * found by its hash, so no comparison depends on how much of a wrong key is right. Every
 * presentation is reserved in the login throttle under one account of its own, per client address,
 * and a wrong one stays counted, so the admin port cannot be brute-forced. Thread-safe.
 */
public final class AdminKeys {

  /** What every key starts with, so that a key pasted where it should not be is recognised. */
  public static final String PREFIX = "bvadm_";

  /**
   * The throttle's account for admin keys: no email has this shape, so it counts apart from every
   * user's logins.
   */
  private static final String THROTTLE_ACCOUNT = "admin-key:";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * A key just made: its record and the key itself, which is shown this once.
   *
   * @param key the key's name and times
   * @param secret the key, {@link #PREFIX} and 43 base64url characters
   */
  public record NewAdminKey(AdminKey key, String secret) {

    /** Leaves the secret out. */
    @Override
    public String toString() {
      return "NewAdminKey[" + key + "]";
    }
  }

  private final AdminKeyStore store;
  private final Tokens tokens;
  private final LoginThrottle throttle;
  private final Clock clock;

  /**
   * Creates the keys over {@code store}, drawing new ones from {@code tokens} and counting
   * presentations in {@code throttle}.
   */
  public AdminKeys(AdminKeyStore store, Tokens tokens, LoginThrottle throttle, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Why {@code name} cannot name a key, if it cannot: a name is 1 to 64 letters, digits, dots,
   * dashes and underscores, starting with a letter or a digit.
   */
  public static Optional<String> nameRefusal(String name) {
    if (name != null && NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "a key name is 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit");
  }

  /** Tells whether {@code value} has the prefix of a key: it must never be sent in a URL. */
  public static boolean looksLikeKey(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /**
   * Makes a key named {@code name}.
   *
   * @throws IllegalArgumentException if the name is not one {@link #nameRefusal} admits, or a key
   *     of that name exists
   */
  public NewAdminKey add(String name) {
    nameRefusal(name)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
    String secret = PREFIX + tokens.newToken();
    StoredAdminKey stored =
        new StoredAdminKey(name, Tokens.hash(secret), clock.instant(), Optional.empty());
    if (!store.add(stored)) {
      throw new IllegalArgumentException("an admin key named " + name + " exists already");
    }
    return new NewAdminKey(view(stored), secret);
  }

  /** Every key, oldest first. */
  public List<AdminKey> list() {
    return store.list().stream().map(AdminKeys::view).toList();
  }

  /**
   * Removes the key named {@code name}: requests with it are refused from then on.
   *
   * @return whether there was one
   */
  public boolean remove(String name) {
    Objects.requireNonNull(name, "name");
    return store.remove(name);
  }

  /**
   * The key {@code presented} (the whole {@code Authorization} value after {@code Bearer}), from
   * {@code clientAddress}: found, it is stamped as used and returned; anything else (malformed,
   * unknown, removed) is empty, and counts as a failure in the throttle.
   *
   * @throws TooManyAttemptsException counting nothing, if too many wrong keys came from that
   *     address (or from everywhere) lately
   */
  public Optional<AdminKey> authenticate(String presented, String clientAddress) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    try (LoginThrottle.Attempt attempt = throttle.begin(THROTTLE_ACCOUNT, clientAddress)) {
      Optional<StoredAdminKey> found = Optional.empty();
      if (presented != null
          && presented.startsWith(PREFIX)
          && Tokens.isWellFormed(presented.substring(PREFIX.length()))) {
        found = store.findByHash(Tokens.hash(presented));
      }
      if (found.isEmpty()) {
        return Optional.empty();
      }
      attempt.withdraw();
      Instant now = clock.instant();
      store.touch(found.get().name(), now);
      return Optional.of(
          new AdminKey(found.get().name(), found.get().createdAt(), Optional.of(now)));
    }
  }

  private static AdminKey view(StoredAdminKey stored) {
    return new AdminKey(stored.name(), stored.createdAt(), stored.lastUsedAt());
  }
}
