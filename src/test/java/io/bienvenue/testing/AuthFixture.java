package io.bienvenue.testing;

import io.bienvenue.AuthServices;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.Database;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.UserStore;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link TestServices} for each test: a temporary folder, a {@link MutableClock} standing at {@link
 * MutableClock#startingNow()}, and the {@link Auth} service over real stores on a fresh SQLite file
 * there, with a real hasher at {@link TestServices#FAST_COST}.
 *
 * <p>Registered on an instance field ({@code @RegisterExtension final AuthFixture services =
 * AuthFixture.development();}) it builds the services before each test, ahead of the class's own
 * {@code @BeforeEach} methods, and closes them and removes the folder after the test. A fixture
 * serves one test at a time.
 */
public final class AuthFixture implements BeforeEachCallback, AfterEachCallback {

  private final Lifetimes lifetimes;
  private final ThrottlePolicy throttle;
  private final MutableClock clock = MutableClock.startingNow();
  private final TemporaryFolder folder = new TemporaryFolder("bienvenue-auth");
  private TestServices services;

  private AuthFixture(Lifetimes lifetimes, ThrottlePolicy throttle) {
    this.lifetimes = lifetimes;
    this.throttle = throttle;
  }

  /** The services with {@link Lifetimes#DEFAULTS} and {@link ThrottlePolicy#DEFAULTS}. */
  public static AuthFixture development() {
    return new AuthFixture(Lifetimes.DEFAULTS, ThrottlePolicy.DEFAULTS);
  }

  /** This fixture with sessions and reset tokens living {@code lifetimes}. */
  public AuthFixture withLifetimes(Lifetimes lifetimes) {
    return new AuthFixture(Objects.requireNonNull(lifetimes, "lifetimes"), throttle);
  }

  /** This fixture with logins throttled by {@code throttle}. */
  public AuthFixture withThrottle(ThrottlePolicy throttle) {
    return new AuthFixture(lifetimes, Objects.requireNonNull(throttle, "throttle"));
  }

  /**
   * The {@link Auth} service, in development settings with the fixture's lifetimes and throttle.
   */
  public Auth auth() {
    return services().auth;
  }

  /** Another {@link Auth} over the same database, hasher and clock, with {@code settings}. */
  public Auth auth(AuthSettings settings) {
    return services().auth(settings);
  }

  /** The mail links of {@link #auth()}'s flows. */
  public MailLinks links() {
    return services().links;
  }

  /** Another {@link Auth} and its mail links over the same database, hasher and clock. */
  public AuthServices wire(AuthSettings settings) {
    return services().wire(settings);
  }

  /** The user store over the test's database. */
  public UserStore users() {
    return services().users;
  }

  /** The session store over the test's database. */
  public SessionStore sessions() {
    return services().sessions;
  }

  /** Every store over the test's database, reading the fixture's clock. */
  public Stores stores() {
    return Stores.on(database(), clock);
  }

  /** The hasher the services use. */
  public PasswordHasher hasher() {
    return services().hasher;
  }

  /** The test's database. */
  public Database database() {
    return services().database;
  }

  /** The clock the services read: a test moves it to make time pass. */
  public MutableClock clock() {
    return clock;
  }

  /** The folder that holds the database file and nothing else. */
  public Path folder() {
    return folder.create();
  }

  /**
   * Closes the services before the test ends, so it can read the database file at rest; the fixture
   * then only removes the folder after the test.
   */
  public void close() {
    if (services != null) {
      services.close();
      services = null;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    services = new TestServices(folder.create(), clock, lifetimes, throttle);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      close();
    } finally {
      folder.delete();
    }
  }

  private TestServices services() {
    if (services == null) {
      throw new IllegalStateException("the services are closed");
    }
    return services;
  }
}
