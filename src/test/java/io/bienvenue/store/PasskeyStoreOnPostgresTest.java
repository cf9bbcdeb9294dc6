package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The PasskeyStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class PasskeyStoreOnPostgresTest extends PasskeyStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
