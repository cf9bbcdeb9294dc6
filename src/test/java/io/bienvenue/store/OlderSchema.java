package io.bienvenue.store;

import org.flywaydb.core.Flyway;

/**
 * A SQLite file or a PostgreSQL database migrated only up to an older version, for the tests of a
 * later migration.
 */
final class OlderSchema {

  private OlderSchema() {}

  /** Creates {@code file} and migrates it up to {@code version}; the later ones are left to run. */
  static Flyway sqliteUpTo(String file, String version) {
    Flyway older =
        Flyway.configure()
            .dataSource("jdbc:sqlite:" + file, null, null)
            .locations(Dialect.SQLITE.migrations())
            .target(version)
            .load();
    older.migrate();
    return older;
  }

  /**
   * Migrates the empty PostgreSQL database at {@code location} (a {@code postgresql://} URL) up to
   * {@code version}; the later ones are left to run.
   */
  static Flyway postgresUpTo(String location, String version) {
    DatabaseLocation parsed = DatabaseLocation.parse(location);
    Flyway older =
        Flyway.configure()
            .dataSource(
                parsed.jdbcUrl(), parsed.user().orElse(null), parsed.password().orElse(null))
            .locations(Dialect.POSTGRESQL.migrations())
            .target(version)
            .load();
    older.migrate();
    return older;
  }
}
