package io.bienvenue.http;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Passwordless login with a passkey over HTTP, on SQLite. */
class PasskeyLoginHttpOnSqliteTest extends PasskeyLoginHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
