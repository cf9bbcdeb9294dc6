package io.bienvenue.oauth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** RP-initiated logout over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class OidcLogoutHttpOnPostgresTest extends OidcLogoutHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
