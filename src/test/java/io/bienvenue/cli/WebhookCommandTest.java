package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.testing.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's webhook commands, run in-process against a real SQLite file. */
class WebhookCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private String database;
  private Path keyFile;

  @BeforeEach
  void start() throws Exception {
    database = folder.resolve("webhooks.db").toString();
    keyFile = folder.resolve("secrets.key");
    Files.writeString(keyFile, TestSecrets.KEY + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
  }

  private int run(String... args) {
    cli.clear();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--database=" + database);
    return cli.run(line.toArray(String[]::new));
  }

  private int runWithKey(String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--secrets-key-file=" + keyFile);
    return run(line.toArray(String[]::new));
  }

  private JsonNode output() throws Exception {
    assertThat(cli.out().lines().count()).as(cli.out()).isEqualTo(1);
    return JSON.readTree(cli.out());
  }

  private JsonNode add(String... more) throws Exception {
    List<String> line = new ArrayList<>(List.of("webhook", "add"));
    line.addAll(List.of(more));
    assertThat(runWithKey(line.toArray(String[]::new))).as(cli.err()).isZero();
    return output();
  }

  /** Every stored column of every endpoint, as the database file holds it. */
  private List<String> rawRows() throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT * FROM webhook_endpoints")) {
      while (row.next()) {
        for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
          values.add(String.valueOf(row.getString(column)));
        }
      }
    }
    return values;
  }

  private static void assertStandardSecret(String secret) {
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
  }

  @Test
  void addPrintsTheEndpointAndItsSecretOnceAndKeepsTheSecretSealed() throws Exception {
    JsonNode added =
        add(
            "--url",
            "https://app.example.org/hooks",
            "--event",
            "user.created",
            "--event",
            "user.deleted");

    assertThat(added.get("id").asText()).matches("[A-Za-z0-9][A-Za-z0-9_-]{21}");
    assertThat(added.get("url").asText()).isEqualTo("https://app.example.org/hooks");
    assertThat(added.get("events"))
        .extracting(JsonNode::asText)
        .containsExactly("user.created", "user.deleted");
    assertThat(added.get("created_at").asText()).isNotBlank();
    String secret = added.get("secret").asText();
    assertStandardSecret(secret);

    List<String> raw = rawRows();
    assertThat(raw).contains(added.get("id").asText());
    assertThat(String.join(" ", raw)).doesNotContain(secret).doesNotContain(secret.substring(6));
    assertThat(
            TestSecrets.box().open(sealedSecret(), "webhook-endpoint:" + added.get("id").asText()))
        .isEqualTo(secret);
  }

  private String sealedSecret() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT secret FROM webhook_endpoints")) {
      assertThat(row.next()).isTrue();
      return row.getString(1);
    }
  }

  @Test
  void withoutAnEventTheEndpointWantsEveryEvent() throws Exception {
    JsonNode added = add("--url", "http://localhost:8080/hook");

    assertThat(added.get("events").isNull()).as(added.toString()).isTrue();
  }

  @Test
  void listShowsEveryEndpointOldestFirstAndNeverASecret() throws Exception {
    JsonNode first = add("--url", "https://one.example/hook");
    JsonNode second = add("--url", "https://two.example/hook", "--event", "session.created");

    assertThat(run("webhook", "list")).as(cli.err()).isZero();

    JsonNode listed = output();
    assertThat(listed).hasSize(2);
    assertThat(listed)
        .extracting(e -> e.get("id").asText())
        .containsExactlyInAnyOrder(first.get("id").asText(), second.get("id").asText());
    assertThat(cli.out())
        .doesNotContain(first.get("secret").asText())
        .doesNotContain(second.get("secret").asText())
        .doesNotContain("secret\"")
        .doesNotContain("whsec_");
  }

  @Test
  void rotateSecretPrintsANewSecretOnceAndSealsIt() throws Exception {
    JsonNode added = add("--url", "https://app.example.org/hooks");
    String id = added.get("id").asText();
    String before = sealedSecret();

    assertThat(runWithKey("webhook", "rotate-secret", id)).as(cli.err()).isZero();

    JsonNode rotated = output();
    assertThat(rotated.get("id").asText()).isEqualTo(id);
    String secret = rotated.get("secret").asText();
    assertStandardSecret(secret);
    assertThat(secret).isNotEqualTo(added.get("secret").asText());
    assertThat(sealedSecret()).isNotEqualTo(before).doesNotContain(secret);
    assertThat(TestSecrets.box().open(sealedSecret(), "webhook-endpoint:" + id)).isEqualTo(secret);
  }

  @Test
  void removeDeletesTheEndpoint() throws Exception {
    String id = add("--url", "https://app.example.org/hooks").get("id").asText();
    String kept = add("--url", "https://other.example/hooks").get("id").asText();

    assertThat(run("webhook", "remove", id)).as(cli.err()).isZero();
    assertThat(cli.out()).contains("removed webhook endpoint " + id);

    run("webhook", "list");
    assertThat(output()).extracting(e -> e.get("id").asText()).containsExactly(kept);
  }

  @Test
  void anUnknownIdFails() throws Exception {
    assertThat(run("webhook", "remove", "nobody")).isEqualTo(1);
    assertThat(cli.err()).contains("no webhook endpoint nobody");
    assertThat(runWithKey("webhook", "rotate-secret", "nobody")).isEqualTo(1);
    assertThat(cli.err()).contains("no webhook endpoint nobody");
    assertThat(cli.out()).doesNotContain("whsec_");
  }

  @Test
  void aRefusedUrlIsAWrongCommandLine() throws Exception {
    assertThat(run("migrate")).isZero();
    String[][] refused = {
      {"ftp://app.example.org/hooks", "scheme must be http or https"},
      {"/relative/hooks", "scheme must be http or https"},
      {"javascript:alert(1)", "scheme must be http or https"},
      {"https://user:pw@app.example.org/hooks", "no userinfo"},
      {"https://app.example.org/hooks#part", "no fragment"},
      {"https:///hooks", "no host"},
      {"https://app.example.org/a b", "not a URL"},
      {"https://app.example.org/" + "a".repeat(2000), "longer than 2000 characters"},
      {"https://app.example.org/x\nInjected: yes", "not shown"},
    };
    for (String[] bad : refused) {
      assertThat(runWithKey("webhook", "add", "--url", bad[0])).as(bad[0]).isEqualTo(2);
      assertThat(cli.err()).as(bad[0]).contains("refused").contains(bad[1]);
      assertThat(cli.err()).as(bad[0]).doesNotContain("Injected: yes");
    }
    assertThat(rawRows()).isEmpty();
  }

  @Test
  void anUnknownEventIsAWrongCommandLine() throws Exception {
    assertThat(run("migrate")).isZero();
    assertThat(
            runWithKey(
                "webhook",
                "add",
                "--url",
                "https://app.example.org/hooks",
                "--event",
                "user.exploded"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("'user.exploded' is no event").contains("user.passkey_removed");
    assertThat(rawRows()).isEmpty();
  }

  @Test
  void addAndRotateNeedTheSecretsKey() throws Exception {
    assertThat(run("webhook", "add", "--url", "https://app.example.org/hooks")).isEqualTo(1);
    assertThat(cli.err()).contains("webhook add needs the service's secrets key");
    assertThat(rawRows()).isEmpty();
  }
}
