package io.bienvenue.webhooks;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The webhook events over HTTP, on SQLite. */
class WebhookEventsHttpOnSqliteTest extends WebhookEventsHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
