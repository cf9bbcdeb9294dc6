package io.bienvenue.config;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.ThrottlePolicy;
import java.util.List;
import java.util.Objects;

/**
 * Everything a running service is configured with, checked once. Immutable.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param database an SQLite file path or a {@code jdbc:sqlite:} URL
 * @param bcryptCost the bcrypt cost of new password hashes, 4 to 31
 * @param lifetimes how long sessions and reset tokens live
 * @param throttle how many failed logins are tolerated
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed
 */
public record Config(
    String host,
    int port,
    String database,
    int bcryptCost,
    Lifetimes lifetimes,
    ThrottlePolicy throttle,
    List<String> trustedProxies) {

  /** The defaults of {@code ./bienvenue serve}. */
  public static final Config DEFAULTS =
      new Config(
          "127.0.0.1",
          5000,
          "bienvenue.db",
          12,
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          List.of());

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the first value out of range
   */
  public Config {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(lifetimes, "lifetimes");
    Objects.requireNonNull(throttle, "throttle");
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, not " + port);
    }
    if (bcryptCost < 4 || bcryptCost > 31) {
      throw new IllegalArgumentException("--bcrypt-cost must be from 4 to 31, not " + bcryptCost);
    }
  }

  /** Returns this configuration listening on {@code newPort}. */
  public Config withPort(int newPort) {
    return new Config(host, newPort, database, bcryptCost, lifetimes, throttle, trustedProxies);
  }

  /** Returns this configuration on {@code newDatabase}. */
  public Config withDatabase(String newDatabase) {
    return new Config(host, port, newDatabase, bcryptCost, lifetimes, throttle, trustedProxies);
  }

  /** Returns this configuration hashing at {@code newCost}. */
  public Config withBcryptCost(int newCost) {
    return new Config(host, port, database, newCost, lifetimes, throttle, trustedProxies);
  }

  /** Returns this configuration with {@code newLifetimes}. */
  public Config withLifetimes(Lifetimes newLifetimes) {
    return new Config(host, port, database, bcryptCost, newLifetimes, throttle, trustedProxies);
  }

  /** Returns this configuration with {@code newThrottle}. */
  public Config withThrottle(ThrottlePolicy newThrottle) {
    return new Config(host, port, database, bcryptCost, lifetimes, newThrottle, trustedProxies);
  }

  /** Returns this configuration trusting {@code newTrustedProxies}. */
  public Config withTrustedProxies(List<String> newTrustedProxies) {
    return new Config(host, port, database, bcryptCost, lifetimes, throttle, newTrustedProxies);
  }
}
