package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ClientStore;
import io.bienvenue.store.Database;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering, finding, removing clients and rotating their secrets, over a real SQLite file. */
class ClientRegistryTest {

  @TempDir Path folder;
  private final MutableClock clock =
      new MutableClock(Instant.parse("2026-01-01T00:00:00.123456789Z"));
  private Database database;
  private ClientRegistry registry;

  @BeforeEach
  void open() {
    database = Database.open(TestDatabase.sqlite(folder).location(), 2);
    registry =
        new ClientRegistry(new ClientStore(database.jdbi()), new Tokens(new SecureRandom()), clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private RegisteredClient add(boolean publicClient) {
    return registry.add(
        new NewClient(
            "App",
            List.of("https://app.example.org/cb"),
            List.of(),
            publicClient,
            false,
            false,
            IdTokenAlgorithm.ES256));
  }

  @Test
  void eachClientGetsItsOwnIdAndSecretAndIsFoundAsRegistered() {
    RegisteredClient first = add(false);
    RegisteredClient second = add(false);

    assertThat(first.client().clientId()).isNotEqualTo(second.client().clientId());
    assertThat(first.secret()).isNotEqualTo(second.secret());
    Client found = registry.find(first.client().clientId()).orElseThrow();
    assertThat(found).isEqualTo(first.client());
    assertThat(found.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(found.secretMatches(first.secret().orElseThrow())).isTrue();
    assertThat(found.secretMatches(second.secret().orElseThrow())).isFalse();
    assertThat(first.toString()).doesNotContain(first.secret().orElseThrow());
  }

  @Test
  void aPublicClientGetsNoSecretAndCannotRotateOne() {
    RegisteredClient added = add(true);

    assertThat(added.secret()).isEmpty();
    assertThat(added.client().secretHash()).isEmpty();
    assertThatThrownBy(() -> registry.rotateSecret(added.client().clientId()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public");
  }

  @Test
  void rotatingASecretVoidsTheOldOne() {
    RegisteredClient added = add(false);
    String clientId = added.client().clientId();

    RegisteredClient rotated = registry.rotateSecret(clientId);

    Client found = registry.find(clientId).orElseThrow();
    assertThat(found.secretMatches(rotated.secret().orElseThrow())).isTrue();
    assertThat(found.secretMatches(added.secret().orElseThrow())).isFalse();
    assertThat(rotated.client()).isEqualTo(found);
  }

  @Test
  void aRemovedOrUnknownClientIsNotFoundNorRemovedNorRotated() {
    String clientId = add(false).client().clientId();
    registry.remove(clientId);

    assertThat(registry.find(clientId)).isEmpty();
    assertThat(registry.list()).isEmpty();
    assertThatThrownBy(() -> registry.remove(clientId))
        .isInstanceOf(UnknownClientException.class)
        .hasMessage("no client with id " + clientId);
    assertThatThrownBy(() -> registry.rotateSecret(clientId))
        .isInstanceOf(UnknownClientException.class);
  }
}
