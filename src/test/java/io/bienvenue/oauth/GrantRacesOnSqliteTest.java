package io.bienvenue.oauth;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The races of codes and refresh tokens on SQLite. */
class GrantRacesOnSqliteTest extends GrantRacesContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
