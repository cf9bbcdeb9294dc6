package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The WebhookEndpointStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class WebhookEndpointStoreOnPostgresTest extends WebhookEndpointStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
