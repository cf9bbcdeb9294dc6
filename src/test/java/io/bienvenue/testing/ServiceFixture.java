package io.bienvenue.testing;

import io.bienvenue.Bienvenue;
import io.bienvenue.config.Config;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole service for a test class: a temporary folder, a {@link MutableClock} standing at {@link
 * MutableClock#startingNow()}, and the service started on them by its composition root, in
 * development mode on a random port with a fast bcrypt cost.
 *
 * <p>Registered on an instance field ({@code @RegisterExtension final ServiceFixture service =
 * ServiceFixture.development();}) it starts a fresh service before each test and closes it after,
 * with a clock of the test's own. Its {@link #api()} and {@link #clock()} may be taken as fields
 * ({@code private final ApiClient api = service.api();}): they serve whichever service is running.
 * Registered on a static field it starts one service before the class's tests and closes it after
 * the last, as a static {@code @TempDir} is shared. A fixture made {@link #startedByTest()} starts
 * only when the test calls {@link #start()}. The fixture runs its callbacks before the class's own
 * {@code @BeforeEach} and {@code @BeforeAll} methods and after its {@code @AfterEach} and
 * {@code @AfterAll} ones, so those may use it.
 *
 * <p>A fixture serves one test, or one class's tests, at a time: it is not for concurrent classes.
 * Within a test, its clients may be used from any thread.
 */
public final class ServiceFixture
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<ConfigBuilder> change;
  private final boolean startsItself;
  private final MutableClock clock = MutableClock.startingNow();
  private final TemporaryFolder folder = new TemporaryFolder("bienvenue-service");
  private final ApiClient api = new ApiClient(() -> "http://127.0.0.1:" + port());
  private final ApiClient admin = new ApiClient(() -> "http://127.0.0.1:" + service().adminPort());
  private Config config;
  private volatile RunningService running;
  private boolean sharedByClass;

  private ServiceFixture(UnaryOperator<ConfigBuilder> change, boolean startsItself) {
    this.change = change;
    this.startsItself = startsItself;
  }

  /**
   * The service in development mode: {@link Config#DEFAULTS} on a random port, its SQLite file in
   * the fixture's folder, bcrypt at {@link TestServices#FAST_COST}.
   */
  public static ServiceFixture development() {
    return new ServiceFixture(UnaryOperator.identity(), true);
  }

  /** This fixture with its configuration passed through {@code change} before the start. */
  public ServiceFixture with(UnaryOperator<ConfigBuilder> change) {
    Objects.requireNonNull(change, "change");
    return new ServiceFixture(c -> change.apply(this.change.apply(c)), startsItself);
  }

  /**
   * This fixture, but not started before each test: the test starts it with {@link #start()} or
   * {@link #start(UnaryOperator)}, which may change its configuration. It is closed after the test
   * (after the class, on a static field) as any other.
   */
  public ServiceFixture startedByTest() {
    return new ServiceFixture(change, false);
  }

  /**
   * Starts the service on the fixture's configuration, for a fixture made {@link #startedByTest()}.
   * Throws {@link IllegalStateException} when it is running already.
   */
  public void start() {
    start(UnaryOperator.identity());
  }

  /**
   * Starts the service on the fixture's configuration passed through {@code more}, for a fixture
   * made {@link #startedByTest()}. Throws {@link IllegalStateException} when it is running already.
   */
  public void start(UnaryOperator<ConfigBuilder> more) {
    Objects.requireNonNull(more, "more");
    if (running != null) {
      throw new IllegalStateException("the service is running already");
    }
    ConfigBuilder base =
        ConfigBuilder.development(folder.create().resolve("service.db").toString());
    config = more.apply(change.apply(base)).build();
    running = new RunningService(config, clock);
  }

  /** The clock the service reads: a test moves it to make time pass. */
  public MutableClock clock() {
    return clock;
  }

  /**
   * A client for the service's public listener. It may be taken before the service starts (as a
   * field of the test class); each request goes to the service running at the time.
   */
  public ApiClient api() {
    return api;
  }

  /** A client for the service's admin listener (metrics and health), as {@link #api()} is. */
  public ApiClient admin() {
    return admin;
  }

  /** The port of the public listener, for clients other than {@link #api()}. */
  public int port() {
    return service().port();
  }

  /** The running service itself. */
  public Bienvenue service() {
    return running().service;
  }

  /**
   * The configuration the service was started with; its database is {@code config().database()}.
   */
  public Config config() {
    running();
    return config;
  }

  /** The fixture's temporary folder, removed when the service is closed. */
  public Path folder() {
    return folder.create();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sharedByClass = true;
    if (startsItself) {
      start(UnaryOperator.identity());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (startsItself && !sharedByClass) {
      start(UnaryOperator.identity());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!sharedByClass) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void close() {
    try {
      if (running != null) {
        running.close();
      }
    } finally {
      running = null;
      folder.delete();
    }
  }

  private RunningService running() {
    if (running == null) {
      throw new IllegalStateException("the service is not running: start it first");
    }
    return running;
  }
}
