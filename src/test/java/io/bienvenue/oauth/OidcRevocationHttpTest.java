package io.bienvenue.oauth;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Revocation and introspection over HTTP, on SQLite. */
class OidcRevocationHttpTest extends OidcRevocationHttpContract {

  @TempDir Path folder;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.sqlite(folder);
  }
}
