package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client's exact redirect matching, its secret check, and the rules of a new registration. */
class ClientTest {

  private static final String REGISTERED = "https://app.example.org/cb";
  private static final String LOOPBACK = "http://127.0.0.1:8080/cb";
  private static final String SECRET = "s3cr3t-of-43-characters-xxxxxxxxxxxxxxxxxxx";

  private final Client client =
      new Client(
          "client-id",
          "App",
          true,
          Optional.of(Client.hashSecret(SECRET)),
          List.of(REGISTERED, LOOPBACK),
          List.of("https://app.example.org/bye"),
          false,
          false,
          IdTokenAlgorithm.ES256,
          Instant.EPOCH);

  @Test
  void aRegisteredRedirectUriIsAllowedAsIs() {
    assertThat(client.allowsRedirect(REGISTERED)).isTrue();
    assertThat(client.allowsRedirect(LOOPBACK)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.org/cb/",
        "https://app.example.org/c",
        "https://app.example.org/cb/evil",
        "https://app.example.org/cbx",
        "https://app.example.org/CB",
        "https://APP.example.org/cb",
        "HTTPS://app.example.org/cb",
        "https://app.example.org:443/cb",
        "https://app.example.org/%63b",
        "https://app.example.org/cb%2F..%2Fevil",
        "https://app.example.org/cb#",
        "https://app.example.org/cb#x",
        "https://app.example.org/cb?",
        "https://app.example.org/cb?x=1",
        "https://app.example.org./cb",
        "https://app.example.org/./cb",
        " https://app.example.org/cb",
        "https://app.example.org/cb ",
        "https://app.example.org@evil.example/cb",
        "https://evil.example/?https://app.example.org/cb",
        "http://app.example.org/cb",
        "http://127.0.0.1:8081/cb",
        "http://127.0.0.1/cb",
        "http://localhost:8080/cb",
        "https://app.example.org/bye",
        ""
      })
  void anythingElseIsNotEvenOneCharacterAway(String candidate) {
    assertThat(client.allowsRedirect(candidate)).isFalse();
  }

  @Test
  void noneIsNotARedirectUri() {
    assertThat(client.allowsRedirect(null)).isFalse();
    assertThat(client.allowsPostLogoutRedirect(null)).isFalse();
  }

  @Test
  void postLogoutUrisAreTheirOwnList() {
    assertThat(client.allowsPostLogoutRedirect("https://app.example.org/bye")).isTrue();
    assertThat(client.allowsPostLogoutRedirect(REGISTERED)).isFalse();
    assertThat(client.allowsPostLogoutRedirect("https://app.example.org/bye/")).isFalse();
  }

  @Test
  void theSecretMatchesAndNothingElseDoes() {
    assertThat(client.secretMatches(SECRET)).isTrue();
    assertThat(client.secretMatches(SECRET + "x")).isFalse();
    assertThat(client.secretMatches(SECRET.toUpperCase())).isFalse();
    assertThat(client.secretMatches(Client.hashSecret(SECRET)))
        .as("the hash is no secret")
        .isFalse();
    assertThat(client.secretMatches("")).isFalse();
    assertThat(client.secretMatches(null)).isFalse();
  }

  @Test
  void theStoredHashIsTheSha256HexOfTheSecret() {
    assertThat(client.secretHash().orElseThrow())
        .hasSize(64)
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(SECRET);
  }

  @Test
  void aPublicClientHasNoSecretToMatch() {
    Client publicClient =
        new Client(
            "p",
            "Native",
            false,
            Optional.empty(),
            List.of("com.example.app:/cb"),
            List.of(),
            false,
            false,
            IdTokenAlgorithm.ES256,
            Instant.EPOCH);

    assertThat(publicClient.isPublic()).isTrue();
    assertThat(publicClient.secretMatches("")).isFalse();
    assertThat(publicClient.secretMatches("anything")).isFalse();
  }

  @Test
  void aSecretHashGoesWithAConfidentialClientOnly() {
    assertThatThrownBy(
            () ->
                new Client(
                    "p",
                    "x",
                    false,
                    Optional.of("h"),
                    List.of(REGISTERED),
                    List.of(),
                    false,
                    false,
                    IdTokenAlgorithm.ES256,
                    Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringLeavesTheSecretHashOut() {
    assertThat(client.toString())
        .contains("client-id")
        .doesNotContain(client.secretHash().orElseThrow());
  }

  @Test
  void aNewClientNeedsANameAndARedirectUriAndChecksEachUri() {
    assertThatThrownBy(() -> newClient(" ", List.of(REGISTERED), List.of()))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> newClient("A\u0007pp", List.of(REGISTERED), List.of()))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> newClient("App", List.of(), List.of()))
        .hasMessageContaining("at least one redirect URI");
    assertThatThrownBy(() -> newClient("App", List.of("javascript:alert(1)"), List.of()))
        .hasMessageContaining("redirect URI refused");
    assertThatThrownBy(() -> newClient("App", List.of(REGISTERED), List.of("https://x.org/#")))
        .hasMessageContaining("post-logout redirect URI refused");
    assertThatThrownBy(() -> newClient("App", List.of(REGISTERED, REGISTERED), List.of()))
        .hasMessageContaining("listed twice");
    assertThat(newClient("  App  ", List.of(REGISTERED), List.of()).name()).isEqualTo("App");
  }

  private static NewClient newClient(String name, List<String> uris, List<String> postLogout) {
    return new NewClient(name, uris, postLogout, false, false, false, IdTokenAlgorithm.ES256);
  }
}
