package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The EmailCodeStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class EmailCodeStoreOnPostgresTest extends EmailCodeStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
