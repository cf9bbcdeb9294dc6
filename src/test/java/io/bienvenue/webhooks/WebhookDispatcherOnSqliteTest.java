package io.bienvenue.webhooks;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The webhook dispatcher on SQLite. */
class WebhookDispatcherOnSqliteTest extends WebhookDispatcherContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
