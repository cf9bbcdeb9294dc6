package io.bienvenue.http;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** Passwordless login with a passkey over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class PasskeyLoginHttpOnPostgresTest extends PasskeyLoginHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
