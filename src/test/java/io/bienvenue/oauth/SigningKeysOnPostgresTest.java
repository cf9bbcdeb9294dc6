package io.bienvenue.oauth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The signing keys on the machine's PostgreSQL. */
@RequiresPostgres
class SigningKeysOnPostgresTest extends SigningKeysContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
