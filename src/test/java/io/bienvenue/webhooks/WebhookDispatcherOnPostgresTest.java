package io.bienvenue.webhooks;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The webhook dispatcher on the machine's PostgreSQL. */
@RequiresPostgres
class WebhookDispatcherOnPostgresTest extends WebhookDispatcherContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
