package io.bienvenue.testing;

import java.nio.file.Path;
import java.util.UUID;

/**
 * An empty database for one test, on either engine, and what to do with it afterwards.
 *
 * @param location what {@code Database.open} and {@code --database} take
 * @param cleanup drops the database (PostgreSQL); nothing for SQLite, whose folder JUnit removes
 */
public record TestDatabase(String location, Runnable cleanup) implements AutoCloseable {

  /** A new SQLite file in {@code folder}. */
  public static TestDatabase sqlite(Path folder) {
    return new TestDatabase(folder.resolve(UUID.randomUUID() + ".db").toString(), () -> {});
  }

  /** A new database on the machine's PostgreSQL ({@link RequiresPostgres}). */
  public static TestDatabase postgres() {
    Postgres.ThrowawayDatabase database = Postgres.createDatabase();
    return new TestDatabase(database.url(), database::close);
  }

  @Override
  public void close() {
    cleanup.run();
  }
}
