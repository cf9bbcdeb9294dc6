package io.bienvenue.testing;

import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The whole service started in development on a test database, and closed with it: the fixture of
 * the HTTP contract tests that run on SQLite and on PostgreSQL.
 */
public final class ServiceOnDatabase implements AutoCloseable {

  /** The database the service runs on. */
  public final TestDatabase database;

  /** The service. */
  public final RunningService running;

  private ServiceOnDatabase(TestDatabase database, RunningService running) {
    this.database = database;
    this.running = running;
  }

  /** Starts the service on {@code database}; the database is closed if the start fails. */
  public static ServiceOnDatabase start(TestDatabase database) {
    return start(database, Clock.systemUTC());
  }

  /** {@link #start(TestDatabase)} with the service's clock {@code clock}. */
  public static ServiceOnDatabase start(TestDatabase database, Clock clock) {
    return start(database, clock, UnaryOperator.identity());
  }

  /** {@link #start(TestDatabase)} with the development configuration changed by {@code change}. */
  public static ServiceOnDatabase start(
      TestDatabase database, UnaryOperator<ConfigBuilder> change) {
    return start(database, Clock.systemUTC(), change);
  }

  private static ServiceOnDatabase start(
      TestDatabase database, Clock clock, UnaryOperator<ConfigBuilder> change) {
    try {
      return new ServiceOnDatabase(
          database,
          new RunningService(
              change.apply(ConfigBuilder.development(database.location())).build(), clock));
    } catch (RuntimeException | Error e) {
      database.close();
      throw e;
    }
  }

  /** The service's base URL, for clients other than {@link RunningService#client}. */
  public String base() {
    return "http://127.0.0.1:" + running.service.port();
  }

  /** Stops the service, then closes the database. */
  @Override
  public void close() {
    try {
      running.close();
    } finally {
      database.close();
    }
  }
}
