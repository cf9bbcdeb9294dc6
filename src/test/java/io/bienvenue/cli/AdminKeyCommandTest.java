package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's admin-key commands, run in-process against a real SQLite file. */
class AdminKeyCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private String database;

  @BeforeEach
  void start() {
    database = folder.resolve("admin.db").toString();
  }

  private int run(String... args) {
    cli.clear();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--database=" + database);
    return cli.run(line.toArray(String[]::new));
  }

  private JsonNode output() throws Exception {
    assertThat(cli.out().lines().count()).as(cli.out()).isEqualTo(1);
    return JSON.readTree(cli.out());
  }

  private JsonNode add(String name) throws Exception {
    assertThat(run("admin-key", "add", name)).as(cli.err()).isZero();
    return output();
  }

  /** Every stored column of every key, as the database file holds it. */
  private List<String> rawRows() throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT * FROM admin_keys")) {
      while (row.next()) {
        for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
          values.add(String.valueOf(row.getString(column)));
        }
      }
    }
    return values;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void addPrintsTheKeyOnceAndStoresOnlyItsHash() throws Exception {
    JsonNode added = add("deploy-bot");

    assertThat(added.get("name").asText()).isEqualTo("deploy-bot");
    String key = added.get("key").asText();
    assertThat(key).matches("bvadm_[A-Za-z0-9_-]{43}");
    assertThat(added.get("created_at").asText()).isNotBlank();
    assertThat(added.get("last_used_at").isNull()).isTrue();

    List<String> raw = rawRows();
    assertThat(raw).contains("deploy-bot", sha256(key));
    assertThat(String.join(" ", raw)).doesNotContain(key).doesNotContain(key.substring(6));
  }

  @Test
  void twoKeysDiffer() throws Exception {
    assertThat(add("one").get("key").asText()).isNotEqualTo(add("two").get("key").asText());
  }

  @Test
  void listShowsNamesAndTimesNeverAKeyOrHash() throws Exception {
    String first = add("first").get("key").asText();
    String second = add("second").get("key").asText();

    assertThat(run("admin-key", "list")).as(cli.err()).isZero();

    JsonNode listed = output();
    assertThat(listed).extracting(k -> k.get("name").asText()).containsExactly("first", "second");
    assertThat(listed.get(0).has("created_at")).isTrue();
    assertThat(listed.get(0).has("last_used_at")).isTrue();
    assertThat(cli.out())
        .doesNotContain(first)
        .doesNotContain(second)
        .doesNotContain(sha256(first))
        .doesNotContain("bvadm_")
        .doesNotContain("\"key\"");
  }

  @Test
  void aNameIsUnique() throws Exception {
    String key = add("ops").get("key").asText();

    assertThat(run("admin-key", "add", "ops")).isEqualTo(1);
    assertThat(cli.err()).contains("exists");
    assertThat(cli.out()).doesNotContain("bvadm_");
    assertThat(rawRows()).contains(sha256(key));
  }

  @Test
  void removeDeletesTheKeyAndAnUnknownNameFails() throws Exception {
    add("gone");
    add("kept");

    assertThat(run("admin-key", "remove", "gone")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("removed admin key gone");
    assertThat(run("admin-key", "remove", "gone")).isEqualTo(1);
    assertThat(cli.err()).contains("no admin key named 'gone'");

    run("admin-key", "list");
    assertThat(output()).extracting(k -> k.get("name").asText()).containsExactly("kept");
  }

  @Test
  void aNameThatIsNotShortAndPrintableIsAWrongCommandLine() throws Exception {
    assertThat(run("admin-key", "list")).isZero();
    for (String refused :
        List.of("", "a b", "-dash", "x".repeat(65), "tab\there", "é", "new\nline", "a/b")) {
      cli.clear();
      // The name after "--", so that one starting with "-" is read as a name, not an option.
      assertThat(cli.run("admin-key", "add", "--database=" + database, "--", refused))
          .as(refused)
          .isEqualTo(2);
      assertThat(cli.err()).contains("refused");
    }
    assertThat(rawRows()).isEmpty();
  }
}
