package io.bienvenue;

import io.bienvenue.auth.Auth;
import io.bienvenue.auth.PasswordHasher;
import io.bienvenue.auth.Tokens;
import io.bienvenue.config.Config;
import io.bienvenue.http.HttpApp;
import io.bienvenue.http.HttpSettings;
import io.bienvenue.store.Database;
import io.bienvenue.store.Stores;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The composition root: configuration in, a running service out. It wires, by hand and in one
 * place, the database, the stores, the password hasher, the {@link Auth} service and the HTTP app.
 * Tests start it the same way, with their own database, clock and bcrypt cost.
 */
public final class Bienvenue implements AutoCloseable {

  private static final int HASHING_QUEUE_PER_THREAD = 64;
  private static final int MAX_DATABASE_CONNECTIONS = 10;

  private final Database database;
  private final PasswordHasher hasher;
  private final Javalin http;

  private Bienvenue(Database database, PasswordHasher hasher, Javalin http) {
    this.database = database;
    this.hasher = hasher;
    this.http = http;
  }

  /**
   * Opens (and migrates) the database, then starts serving on the configured host and port.
   *
   * @param config the validated configuration; port 0 picks a free port
   * @param clock the time source for every expiry
   * @throws IllegalArgumentException if the database location is unusable
   */
  public static Bienvenue start(Config config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    SecureRandom random = new SecureRandom();
    Database database = Database.open(config.database(), MAX_DATABASE_CONNECTIONS);
    int cores = Runtime.getRuntime().availableProcessors();
    PasswordHasher hasher = null;
    try {
      hasher =
          new PasswordHasher(config.bcryptCost(), cores, cores * HASHING_QUEUE_PER_THREAD, random);
      Auth auth =
          new Auth(
              Stores.on(database, clock),
              hasher,
              new Tokens(random),
              config.lifetimes(),
              config.throttle(),
              clock);
      HttpSettings httpSettings = new HttpSettings(false, config.trustedProxies());
      Javalin http = HttpApp.create(auth, httpSettings).start(config.host(), config.port());
      return new Bienvenue(database, hasher, http);
    } catch (RuntimeException e) {
      if (hasher != null) {
        hasher.close();
      }
      database.close();
      throw e;
    }
  }

  /** The port the service listens on. */
  public int port() {
    return http.port();
  }

  /** Stops serving, then stops the hashing threads and closes the database. */
  @Override
  public void close() {
    http.stop();
    hasher.close();
    database.close();
  }
}
