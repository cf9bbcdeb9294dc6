package io.bienvenue.auth;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;

/** The TOTP secrets at rest on the machine's PostgreSQL. */
@RequiresPostgres
class TotpSecretsAtRestOnPostgresTest extends TotpSecretsAtRestContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
