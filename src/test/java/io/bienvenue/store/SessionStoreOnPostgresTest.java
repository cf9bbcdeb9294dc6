package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The SessionStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class SessionStoreOnPostgresTest extends SessionStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
