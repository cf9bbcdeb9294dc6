package io.bienvenue.oauth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The races of codes and refresh tokens on the machine's PostgreSQL. */
@RequiresPostgres
class GrantRacesOnPostgresTest extends GrantRacesContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
