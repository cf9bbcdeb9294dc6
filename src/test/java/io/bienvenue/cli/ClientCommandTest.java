package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.oauth.Client;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's client commands, run in-process against a real database. */
class ClientCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private String database;

  @BeforeEach
  void start() {
    database = folder.resolve("clients.db").toString();
  }

  private int run(String... args) {
    cli.clear();
    String[] withDatabase = new String[args.length + 1];
    System.arraycopy(args, 0, withDatabase, 0, args.length);
    withDatabase[args.length] = "--database=" + database;
    return cli.run(withDatabase);
  }

  private JsonNode output() throws Exception {
    assertThat(cli.out().lines().count()).as(cli.out()).isEqualTo(1);
    return JSON.readTree(cli.out());
  }

  private JsonNode addWebApp() throws Exception {
    assertThat(
            run(
                "client",
                "add",
                "--name",
                "Web app",
                "--redirect-uri",
                "https://app.example.org/cb",
                "--redirect-uri",
                "http://127.0.0.1:8080/cb",
                "--post-logout-redirect-uri",
                "https://app.example.org/bye",
                "--consent",
                "--refresh-tokens",
                "--id-token-alg",
                "RS256"))
        .as(cli.err())
        .isZero();
    return output();
  }

  private Client stored(String clientId) {
    try (Administration admin =
        Administration.open(database, 4, PasswordPolicy.development(), Clock.systemUTC())) {
      return admin.clients().find(clientId).orElseThrow();
    }
  }

  @Test
  void addPrintsTheConfidentialClientWithItsSecretOnce() throws Exception {
    JsonNode added = addWebApp();

    assertThat(added.get("client_id").asText()).matches("[A-Za-z0-9_-]{22}");
    assertThat(added.get("client_secret").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(added.get("name").asText()).isEqualTo("Web app");
    assertThat(added.get("public").asBoolean()).isFalse();
    assertThat(added.get("consent").asBoolean()).isTrue();
    assertThat(added.get("refresh_tokens").asBoolean()).isTrue();
    assertThat(added.get("id_token_alg").asText()).isEqualTo("RS256");
    assertThat(texts(added.get("redirect_uris")))
        .containsExactly("https://app.example.org/cb", "http://127.0.0.1:8080/cb");
    assertThat(texts(added.get("post_logout_redirect_uris")))
        .containsExactly("https://app.example.org/bye");
    Client client = stored(added.get("client_id").asText());
    assertThat(client.secretMatches(added.get("client_secret").asText())).isTrue();
    assertThat(client.allowsRedirect("https://app.example.org/cb")).isTrue();
    assertThat(client.idTokenAlgorithm()).isEqualTo(IdTokenAlgorithm.RS256);
  }

  @Test
  void aPublicClientHasNoSecretAndTheDefaultsAreEs256WithoutConsentOrRefreshTokens()
      throws Exception {
    assertThat(
            run(
                "client",
                "add",
                "--name",
                "Phone app",
                "--public",
                "--redirect-uri",
                "com.example.app:/cb"))
        .as(cli.err())
        .isZero();

    JsonNode added = output();
    assertThat(added.has("client_secret")).isFalse();
    assertThat(added.get("public").asBoolean()).isTrue();
    assertThat(added.get("consent").asBoolean()).isFalse();
    assertThat(added.get("refresh_tokens").asBoolean()).isFalse();
    assertThat(added.get("id_token_alg").asText()).isEqualTo("ES256");
    assertThat(texts(added.get("post_logout_redirect_uris"))).isEmpty();
    assertThat(stored(added.get("client_id").asText()).isPublic()).isTrue();
  }

  @Test
  void theDatabaseHoldsOnlyTheSha256OfTheSecret() throws Exception {
    JsonNode added = addWebApp();
    String secret = added.get("client_secret").asText();

    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT * FROM oauth_clients")) {
      while (row.next()) {
        for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
          rows.add(String.valueOf(row.getString(column)));
        }
        assertThat(row.getString("secret_hash")).isEqualTo(sha256Hex(secret));
      }
    }
    assertThat(rows).isNotEmpty().noneMatch(value -> value.contains(secret));
  }

  @Test
  void listPrintsEveryClientAndNeverASecretOrHash() throws Exception {
    JsonNode web = addWebApp();
    String secret = web.get("client_secret").asText();
    run("client", "add", "--name", "Phone", "--public", "--redirect-uri", "com.example.app:/cb");
    String hash = stored(web.get("client_id").asText()).secretHash().orElseThrow();

    assertThat(run("client", "list")).isZero();

    JsonNode listed = output();
    assertThat(listed.isArray()).isTrue();
    assertThat(listed)
        .extracting(client -> client.get("name").asText())
        .containsExactly("Web app", "Phone");
    assertThat(listed.get(0).get("client_id").asText()).isEqualTo(web.get("client_id").asText());
    assertThat(listed.get(0).has("client_secret")).isFalse();
    assertThat(cli.out()).doesNotContain(secret).doesNotContain(hash).doesNotContain("hash");
  }

  @Test
  void listWithNoClientsIsAnEmptyArray() throws Exception {
    assertThat(run("migrate")).isZero();
    assertThat(run("client", "list")).isZero();
    assertThat(output().isArray()).isTrue();
    assertThat(output()).isEmpty();
  }

  @Test
  void rotateSecretPrintsANewSecretAndTheOldOneStopsWorking() throws Exception {
    JsonNode added = addWebApp();
    String clientId = added.get("client_id").asText();
    String old = added.get("client_secret").asText();

    assertThat(run("client", "rotate-secret", clientId)).isZero();

    JsonNode rotated = output();
    assertThat(rotated.get("client_id").asText()).isEqualTo(clientId);
    String renewed = rotated.get("client_secret").asText();
    assertThat(renewed).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
    Client client = stored(clientId);
    assertThat(client.secretMatches(renewed)).isTrue();
    assertThat(client.secretMatches(old)).isFalse();
  }

  @Test
  void rotateSecretOfAPublicOrUnknownClientFailsWithOneLine() throws Exception {
    run("client", "add", "--name", "Phone", "--public", "--redirect-uri", "com.example.app:/cb");
    String clientId = output().get("client_id").asText();

    assertThat(run("client", "rotate-secret", clientId)).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("bienvenue: client " + clientId + " is public: it has no secret");
    assertThat(run("client", "rotate-secret", "nobody")).isEqualTo(1);
    assertThat(cli.err().strip()).isEqualTo("bienvenue: no client with id nobody");
  }

  @Test
  void removeDeletesTheClientAndAnUnknownOneFails() throws Exception {
    String clientId = addWebApp().get("client_id").asText();

    assertThat(run("client", "remove", clientId)).isZero();
    assertThat(cli.out().strip()).isEqualTo("removed client " + clientId);
    run("client", "list");
    assertThat(output()).isEmpty();
    assertThat(run("client", "remove", clientId)).isEqualTo(1);
    assertThat(cli.err().strip()).isEqualTo("bienvenue: no client with id " + clientId);
  }

  @Test
  void aBadRedirectUriIsRefusedInOneLineNamingTheFlagAndNothingIsStored() throws Exception {
    assertThat(run("migrate")).isZero();
    String[][] refused = {
      {"--redirect-uri", "javascript:alert(1)", "scheme must be"},
      {"--redirect-uri", "data:text/html,hi", "scheme must be"},
      {"--redirect-uri", "http://app.example.org/cb", "loopback host only"},
      {"--redirect-uri", "https://app.example.org/cb#x", "fragment"},
      {"--redirect-uri", "https://user@app.example.org/cb", "userinfo"},
      {"--redirect-uri", "https://*.example.org/cb", "wildcard"},
      {"--redirect-uri", "https://app.example.org/a b", "no spaces"},
      {"--redirect-uri", "/relative", "not absolute"},
      {"--redirect-uri", "https://app.example.org/cb\nInjected: yes", "not shown"},
      {"--post-logout-redirect-uri", "javascript:alert(1)", "scheme must be"},
    };
    for (String[] bad : refused) {
      String[] args =
          bad[0].equals("--redirect-uri")
              ? new String[] {"client", "add", "--name", "X", bad[0], bad[1]}
              : new String[] {
                "client",
                "add",
                "--name",
                "X",
                "--redirect-uri",
                "https://ok.example/cb",
                bad[0],
                bad[1]
              };

      assertThat(run(args)).as(bad[1]).isEqualTo(1);

      assertThat(cli.err().lines()).as(bad[1]).hasSize(1);
      assertThat(cli.err())
          .as(bad[1])
          .startsWith("bienvenue: " + bad[0] + " ")
          .contains("refused")
          .contains(bad[2]);
      assertThat(cli.out()).as(bad[1]).isEmpty();
    }
    assertThat(run("client", "list")).isZero();
    assertThat(output()).as("nothing was registered").isEmpty();
  }

  @Test
  void aCommandLineWithoutANameOrARedirectUriOrWithAnUnknownAlgorithmIsExitStatusTwo() {
    assertThat(run("client", "add", "--redirect-uri", "https://app.example.org/cb")).isEqualTo(2);
    assertThat(cli.err()).contains("--name");
    assertThat(run("client", "add", "--name", "X")).isEqualTo(2);
    assertThat(cli.err()).contains("--redirect-uri");
    assertThat(
            run(
                "client",
                "add",
                "--name",
                "X",
                "--redirect-uri",
                "https://app.example.org/cb",
                "--id-token-alg",
                "HS256"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("ES256").contains("RS256");
  }

  @Test
  void everyClientCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"client", "--help"},
          {"client", "add", "--help"},
          {"client", "list", "--help"},
          {"client", "remove", "--help"},
          {"client", "rotate-secret", "--help"}
        }) {
      cli.clear();
      assertThat(cli.run(command)).as(String.join(" ", command)).isZero();
      assertThat(cli.out()).as(String.join(" ", command)).contains("Usage:");
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Nested
  @RequiresPostgres
  class OnPostgres {

    @Test
    void everyClientCommandWorksOnPostgresToo() throws Exception {
      try (TestDatabase postgres = TestDatabase.postgres()) {
        database = postgres.location();

        JsonNode added = addWebApp();
        String clientId = added.get("client_id").asText();
        assertThat(run("client", "list")).isZero();
        assertThat(output().get(0).get("client_id").asText()).isEqualTo(clientId);
        assertThat(cli.out()).doesNotContain(added.get("client_secret").asText());
        assertThat(run("client", "rotate-secret", clientId)).isZero();
        String renewed = output().get("client_secret").asText();
        Client client = stored(clientId);
        assertThat(client.secretMatches(renewed)).isTrue();
        assertThat(client.secretMatches(added.get("client_secret").asText())).isFalse();
        assertThat(client.redirectUris())
            .containsExactly("https://app.example.org/cb", "http://127.0.0.1:8080/cb");
        assertThat(run("client", "remove", clientId)).isZero();
        assertThat(run("client", "remove", clientId)).isEqualTo(1);
      }
    }
  }
}
