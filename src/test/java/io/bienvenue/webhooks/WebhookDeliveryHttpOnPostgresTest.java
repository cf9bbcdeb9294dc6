package io.bienvenue.webhooks;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** Webhook delivery end to end, on the machine's PostgreSQL. */
@RequiresPostgres
class WebhookDeliveryHttpOnPostgresTest extends WebhookDeliveryHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
