package io.bienvenue.production;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Login by e-mail code over HTTP, on SQLite. */
class EmailCodeHttpOnSqliteTest extends EmailCodeHttpContract {

  @TempDir Path databaseFolder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(databaseFolder);
  }
}
