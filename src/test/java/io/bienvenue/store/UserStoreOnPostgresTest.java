package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The UserStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class UserStoreOnPostgresTest extends UserStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
