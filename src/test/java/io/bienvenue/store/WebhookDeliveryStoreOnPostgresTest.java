package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The WebhookDeliveryStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class WebhookDeliveryStoreOnPostgresTest extends WebhookDeliveryStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
