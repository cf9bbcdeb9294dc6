package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ClientStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private TestDatabase backend;
  private Database database;
  private ClientStore clients;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    clients = new ClientStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private static StoredClient confidential(String id, Instant createdAt) {
    return new StoredClient(
        id,
        "App " + id,
        true,
        Optional.of("hash-of-" + id),
        List.of("https://app.example.org/cb", "https://app.example.org/other", "http://[::1]/cb"),
        List.of("https://app.example.org/bye"),
        true,
        true,
        "RS256",
        createdAt);
  }

  private static StoredClient publicClient(String id, Instant createdAt) {
    return new StoredClient(
        id,
        "Native " + id,
        false,
        Optional.empty(),
        List.of("com.example.app:/cb"),
        List.of(),
        false,
        false,
        "ES256",
        createdAt);
  }

  @Test
  void anAddedClientIsFoundWithEveryValueAndItsUrisInOrder() {
    clients.add(confidential("c1", NOW));
    clients.add(publicClient("p1", NOW));

    StoredClient found = clients.find("c1").orElseThrow();
    assertThat(found.name()).isEqualTo("App c1");
    assertThat(found.confidential()).isTrue();
    assertThat(found.secretHash()).hasValue("hash-of-c1");
    assertThat(found.redirectUris())
        .containsExactly(
            "https://app.example.org/cb", "https://app.example.org/other", "http://[::1]/cb");
    assertThat(found.postLogoutRedirectUris()).containsExactly("https://app.example.org/bye");
    assertThat(found.consent()).isTrue();
    assertThat(found.refreshTokens()).isTrue();
    assertThat(found.idTokenAlgorithm()).isEqualTo("RS256");
    assertThat(found.createdAt()).isEqualTo(NOW);
    StoredClient publicOne = clients.find("p1").orElseThrow();
    assertThat(publicOne.confidential()).isFalse();
    assertThat(publicOne.secretHash()).isEmpty();
    assertThat(publicOne.redirectUris()).containsExactly("com.example.app:/cb");
    assertThat(publicOne.postLogoutRedirectUris()).isEmpty();
    assertThat(publicOne.consent()).isFalse();
    assertThat(publicOne.refreshTokens()).isFalse();
    assertThat(publicOne.idTokenAlgorithm()).isEqualTo("ES256");
  }

  @Test
  void anUnknownIdFindsNothingAndIdsAreMatchedExactly() {
    clients.add(confidential("AbC", NOW));

    assertThat(clients.find("nobody")).isEmpty();
    assertThat(clients.find("abc")).isEmpty();
    assertThat(clients.find("AbC ")).isEmpty();
    assertThat(clients.find("AbC")).isPresent();
  }

  @Test
  void aSecondClientWithTheSameIdIsRefusedAndTheFirstIsKept() {
    clients.add(confidential("same", NOW));

    assertThatThrownBy(() -> clients.add(publicClient("same", NOW)))
        .isInstanceOf(StatementException.class);
    assertThat(clients.find("same").orElseThrow().confidential()).isTrue();
    assertThat(clients.list()).hasSize(1);
  }

  @Test
  void listReturnsEveryClientOldestFirstWithItsUris() {
    clients.add(publicClient("b-newer", NOW.plusSeconds(5)));
    clients.add(confidential("a-older", NOW));

    List<StoredClient> listed = clients.list();

    assertThat(listed).extracting(StoredClient::clientId).containsExactly("a-older", "b-newer");
    assertThat(listed.get(0).redirectUris()).hasSize(3);
    assertThat(listed.get(1).redirectUris()).containsExactly("com.example.app:/cb");
  }

  @Test
  void removeDeletesTheClientAndItsUrisOnly() {
    clients.add(confidential("gone", NOW));
    clients.add(confidential("kept", NOW));

    assertThat(clients.remove("gone")).isTrue();
    assertThat(clients.remove("gone")).isFalse();
    assertThat(clients.find("gone")).isEmpty();
    assertThat(uriRows("gone")).isZero();
    assertThat(clients.find("kept").orElseThrow().redirectUris()).hasSize(3);
  }

  @Test
  void replaceSecretHashSwapsTheHashOfAConfidentialClientOnly() {
    clients.add(confidential("c", NOW));
    clients.add(publicClient("p", NOW));

    assertThat(clients.replaceSecretHash("c", "new-hash")).isTrue();
    assertThat(clients.find("c").orElseThrow().secretHash()).hasValue("new-hash");
    assertThat(clients.replaceSecretHash("p", "a-hash")).as("a public client has none").isFalse();
    assertThat(clients.find("p").orElseThrow().secretHash()).isEmpty();
    assertThat(clients.replaceSecretHash("nobody", "a-hash")).isFalse();
  }

  @Test
  void theSchemaRefusesAPublicClientWithASecretHash() {
    assertThatThrownBy(
            () ->
                database
                    .jdbi()
                    .useHandle(
                        handle ->
                            handle.execute(
                                """
                                INSERT INTO oauth_clients (client_id, name, client_type,
                                    secret_hash, consent, refresh_tokens, id_token_alg, created_at)
                                VALUES ('x', 'x', 'public', 'h', 0, 0, 'ES256', 0)
                                """)))
        .isInstanceOf(StatementException.class);
    assertThat(clients.find("x")).isEmpty();
  }

  @Test
  void toStringLeavesTheSecretHashOut() {
    assertThat(confidential("c", NOW).toString()).contains("c").doesNotContain("hash-of-c");
  }

  private long uriRows(String clientId) {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT count(*) FROM oauth_client_redirect_uris WHERE client_id = ?")
                    .bind(0, clientId)
                    .mapTo(Long.class)
                    .one());
  }
}
