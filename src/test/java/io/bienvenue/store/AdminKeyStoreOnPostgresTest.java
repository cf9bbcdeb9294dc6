package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The AdminKeyStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class AdminKeyStoreOnPostgresTest extends AdminKeyStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
