package io.bienvenue.http;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** Registering passkeys over HTTP, on the machine's PostgreSQL. */
@RequiresPostgres
class PasskeyRegistrationHttpOnPostgresTest extends PasskeyRegistrationHttpContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
