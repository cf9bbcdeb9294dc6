package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The GrantStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class GrantStoreOnPostgresTest extends GrantStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
