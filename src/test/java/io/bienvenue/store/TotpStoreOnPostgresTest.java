package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The TotpStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class TotpStoreOnPostgresTest extends TotpStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
