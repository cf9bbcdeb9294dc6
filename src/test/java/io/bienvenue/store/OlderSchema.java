package io.bienvenue.store;

import org.flywaydb.core.Flyway;

/** A SQLite file migrated only up to an older version, for the tests of a later migration. */
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
}
