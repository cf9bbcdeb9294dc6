package io.bienvenue.ops.adminapi;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over HTTP, on SQLite. */
class AdminApiHttpOnSqliteTest extends AdminApiHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
