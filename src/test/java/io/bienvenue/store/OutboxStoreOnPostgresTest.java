package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The OutboxStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class OutboxStoreOnPostgresTest extends OutboxStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
