package io.bienvenue.oauth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The profile's "Apps with access" over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class AppsWithAccessHttpOnPostgresTest extends AppsWithAccessHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
