package io.bienvenue.ops.adminapi;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The admin API over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class AdminApiHttpOnPostgresTest extends AdminApiHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
