package io.bienvenue.oauth;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** RP-initiated logout over HTTP, on SQLite. */
class OidcLogoutHttpTest extends OidcLogoutHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
