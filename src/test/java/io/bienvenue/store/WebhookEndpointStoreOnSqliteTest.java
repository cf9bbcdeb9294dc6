package io.bienvenue.store;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The WebhookEndpointStore contract on SQLite. */
class WebhookEndpointStoreOnSqliteTest extends WebhookEndpointStoreContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
