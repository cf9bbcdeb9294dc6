package io.bienvenue.webhooks;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The webhook events over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class WebhookEventsHttpOnPostgresTest extends WebhookEventsHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
