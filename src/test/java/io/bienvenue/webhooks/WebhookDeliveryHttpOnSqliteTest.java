package io.bienvenue.webhooks;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery end to end, on SQLite. */
class WebhookDeliveryHttpOnSqliteTest extends WebhookDeliveryHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
