package io.bienvenue.store;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The ChallengeStore contract on the machine's PostgreSQL. */
@RequiresPostgres
class ChallengeStoreOnPostgresTest extends ChallengeStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
