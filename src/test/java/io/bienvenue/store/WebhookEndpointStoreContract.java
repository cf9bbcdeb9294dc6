package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class WebhookEndpointStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final Instant LATER = NOW.plus(Duration.ofMinutes(1));

  private TestDatabase backend;
  private Database database;
  private WebhookEndpointStore endpoints;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    endpoints = new WebhookEndpointStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private static StoredWebhookEndpoint endpoint(
      String id, Optional<List<String>> events, Instant at) {
    return new StoredWebhookEndpoint(
        id, "https://" + id + ".example/hook", events, "sealed-" + id, at, at);
  }

  @Test
  void anAddedEndpointIsFoundAndListedAsStored() {
    StoredWebhookEndpoint some =
        endpoint("b", Optional.of(List.of("user.created", "user.deleted")), NOW);
    StoredWebhookEndpoint all = endpoint("a", Optional.empty(), LATER);
    endpoints.add(all);
    endpoints.add(some);

    assertThat(endpoints.find("b")).contains(some);
    assertThat(endpoints.find("a")).contains(all);
    assertThat(endpoints.find("c")).isEmpty();
    assertThat(endpoints.list()).containsExactly(some, all);
  }

  @Test
  void anIdIsAddedOnce() {
    endpoints.add(endpoint("a", Optional.empty(), NOW));

    assertThatThrownBy(() -> endpoints.add(endpoint("a", Optional.empty(), LATER)))
        .isInstanceOf(RuntimeException.class);
    assertThat(endpoints.list()).hasSize(1);
  }

  @Test
  void removingDeletesOnlyThatEndpoint() {
    endpoints.add(endpoint("a", Optional.empty(), NOW));
    endpoints.add(endpoint("b", Optional.empty(), NOW));

    assertThat(endpoints.remove("a")).isTrue();
    assertThat(endpoints.remove("a")).isFalse();
    assertThat(endpoints.list()).extracting(StoredWebhookEndpoint::id).containsExactly("b");
  }

  @Test
  void replacingTheSecretStampsTheRotation() {
    endpoints.add(endpoint("a", Optional.empty(), NOW));
    endpoints.add(endpoint("b", Optional.empty(), NOW));

    assertThat(endpoints.replaceSecret("a", "sealed-again", LATER)).isTrue();
    assertThat(endpoints.replaceSecret("missing", "x", LATER)).isFalse();

    StoredWebhookEndpoint rotated = endpoints.find("a").orElseThrow();
    assertThat(rotated.sealedSecret()).isEqualTo("sealed-again");
    assertThat(rotated.secretRotatedAt()).isEqualTo(LATER);
    assertThat(rotated.createdAt()).isEqualTo(NOW);
    assertThat(endpoints.find("b").orElseThrow().sealedSecret()).isEqualTo("sealed-b");
  }

  @Test
  void theSealedSecretIsNotInItsText() {
    assertThat(endpoint("a", Optional.empty(), NOW).toString()).doesNotContain("sealed-a");
  }
}
