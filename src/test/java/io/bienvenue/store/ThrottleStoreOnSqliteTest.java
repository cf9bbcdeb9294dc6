package io.bienvenue.store;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ThrottleStore contract on SQLite. */
class ThrottleStoreOnSqliteTest extends ThrottleStoreContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
