package io.bienvenue.oauth;

import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ClientStore;
import io.bienvenue.store.Database;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * A client registry over a fresh SQLite file in a test's folder, for the tests of the policies that
 * authenticate clients ({@link TokenRequests}, {@link TokenQueries}).
 */
final class TestRegistry implements AutoCloseable {

  /** The one redirect URI of every client added here. */
  static final String CALLBACK = "https://app.example.org/cb";

  final ClientRegistry registry;
  private final Database database;

  TestRegistry(Path folder) {
    database = Database.open(TestDatabase.sqlite(folder).location(), 2);
    registry =
        new ClientRegistry(
            new ClientStore(database.jdbi()),
            new Tokens(new SecureRandom()),
            new MutableClock(Instant.parse("2026-12-04T10:00:00Z")));
  }

  /** Registers a client named "App", public or confidential, allowed refresh tokens or not. */
  RegisteredClient add(boolean publicClient, boolean refreshTokens) {
    return registry.add(
        new NewClient(
            "App",
            List.of(CALLBACK),
            List.of(),
            publicClient,
            false,
            refreshTokens,
            IdTokenAlgorithm.ES256));
  }

  @Override
  public void close() {
    database.close();
  }
}
