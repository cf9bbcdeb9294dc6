package io.bienvenue.testing;

import io.bienvenue.AuthServices;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthEvents;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.ResetDelivery;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.Database;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.UserStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** Real parts for tests: a real SQLite file, real stores, a real hasher at a fast cost. */
public final class TestServices implements AutoCloseable {

  public static final int FAST_COST = 4;

  public final Database database;
  public final UserStore users;
  public final SessionStore sessions;
  public final PasswordHasher hasher;
  public final Auth auth;
  public final MailLinks links;
  private final Clock clock;

  public TestServices(Path folder, Clock clock, Lifetimes lifetimes) {
    this(folder, clock, lifetimes, ThrottlePolicy.DEFAULTS);
  }

  public TestServices(Path folder, Clock clock, Lifetimes lifetimes, ThrottlePolicy throttle) {
    this(folder, clock, lifetimes, throttle, FAST_COST);
  }

  public TestServices(
      Path folder, Clock clock, Lifetimes lifetimes, ThrottlePolicy throttle, int bcryptCost) {
    this(folder.resolve("test.db").toString(), clock, lifetimes, throttle, bcryptCost);
  }

  /** The services over the database at {@code location}, SQLite or PostgreSQL. */
  public TestServices(
      String location, Clock clock, Lifetimes lifetimes, ThrottlePolicy throttle, int bcryptCost) {
    this.clock = clock;
    this.database = Database.open(location, 10);
    this.users = new UserStore(database.jdbi(), clock);
    this.sessions = new SessionStore(database.jdbi());
    SecureRandom random = new SecureRandom();
    this.hasher = new PasswordHasher(bcryptCost, 2, 64, random);
    Stores stores = Stores.on(database, clock);
    AuthServices wired =
        AuthServices.wire(
            stores,
            hasher,
            new Tokens(random),
            TestSecrets.box(),
            new AuthSettings(
                lifetimes, throttle, PasswordPolicy.development(), ResetDelivery.IN_RESPONSE),
            AuthEvents.NONE,
            clock);
    this.auth = wired.auth();
    this.links = wired.mailLinks();
  }

  /** Another {@link Auth} over the same database, hasher and clock, with {@code settings}. */
  public Auth auth(AuthSettings settings) {
    return wire(settings).auth();
  }

  /** Another {@link Auth} and its mail links over the same database, hasher and clock. */
  public AuthServices wire(AuthSettings settings) {
    return AuthServices.wire(
        Stores.on(database, clock),
        hasher,
        new Tokens(new SecureRandom()),
        TestSecrets.box(),
        settings,
        AuthEvents.NONE,
        clock);
  }

  @Override
  public void close() {
    hasher.close();
    database.close();
  }
}
