package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The SigningKeyStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class SigningKeyStoreOnPostgresTest extends SigningKeyStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
