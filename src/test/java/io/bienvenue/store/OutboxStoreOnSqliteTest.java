package io.bienvenue.store;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The OutboxStore contract on SQLite. */
class OutboxStoreOnSqliteTest extends OutboxStoreContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
