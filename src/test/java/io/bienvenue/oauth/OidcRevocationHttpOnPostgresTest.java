package io.bienvenue.oauth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** Revocation and introspection over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class OidcRevocationHttpOnPostgresTest extends OidcRevocationHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
