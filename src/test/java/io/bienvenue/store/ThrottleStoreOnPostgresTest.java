package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The ThrottleStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class ThrottleStoreOnPostgresTest extends ThrottleStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
