package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The ClientStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class ClientStoreOnPostgresTest extends ClientStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
