package io.bienvenue.production;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** Login by e-mail code over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class EmailCodeHttpOnPostgresTest extends EmailCodeHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
