package io.bienvenue.oauth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** Refresh rotation and reuse over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class OidcRefreshHttpOnPostgresTest extends OidcRefreshHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
