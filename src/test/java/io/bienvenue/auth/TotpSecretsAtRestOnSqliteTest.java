package io.bienvenue.auth;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The TOTP secrets at rest on SQLite. */
class TotpSecretsAtRestOnSqliteTest extends TotpSecretsAtRestContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
