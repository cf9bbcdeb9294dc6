package io.bienvenue.http;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Registering passkeys over HTTP, on SQLite. */
class PasskeyRegistrationHttpOnSqliteTest extends PasskeyRegistrationHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
