package io.bienvenue.oauth;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Refresh rotation and reuse over HTTP, on SQLite. */
class OidcRefreshHttpTest extends OidcRefreshHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
