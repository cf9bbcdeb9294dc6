package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code bienvenue import original}: its options, exit statuses and report; the import is
 * ImporterTest's.
 */
class ImportOriginalCommandTest {

  private final Cli cli = new Cli();

  private static final String ALICE_HASH = BCrypt.hashpw("alice-pw", BCrypt.gensalt("$2b", 4));
  private static final String BOB_HASH = BCrypt.hashpw("b0b-pw", BCrypt.gensalt("$2b", 4));
  private static final String DAVE_HASH = BCrypt.hashpw("d4ve-pw", BCrypt.gensalt("$2b", 4));
  private static final String OTHER_HASH = BCrypt.hashpw("other", BCrypt.gensalt("$2b", 4));

  /** The report of importing {@link #original} into an empty database. */
  private static final List<String> FIRST_REPORT =
      List.of(
          "imported 3 users, skipped 3 rows",
          "id 3: duplicate email (same as id 1)",
          "id 4: malformed bcrypt hash",
          "id 6: malformed email");

  @TempDir Path folder;
  private Path original;
  private String target;

  @BeforeEach
  void createTheOriginalsDatabase() throws SQLException {
    original = folder.resolve("a.db");
    target = folder.resolve("bienvenue.db").toString();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + original);
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE users (
              id INTEGER PRIMARY KEY,
              email VARCHAR(250) NOT NULL,
              hashed_password VARCHAR(250) NOT NULL,
              session_id VARCHAR(250),
              reset_token VARCHAR(250))
          """);
      insert(connection, 1, "alice@example.org", ALICE_HASH.getBytes(StandardCharsets.US_ASCII));
      insert(connection, 2, "bob@example.org", BOB_HASH);
      insert(connection, 3, "ALICE@Example.ORG", OTHER_HASH);
      insert(connection, 4, "carol@example.org", "not-a-bcrypt-hash");
      insert(connection, 5, "dave@example.org", DAVE_HASH.getBytes(StandardCharsets.US_ASCII));
      insert(connection, 6, "not an email", OTHER_HASH);
      statement.execute(
          "UPDATE users SET session_id = 'a-live-session', reset_token = 'a-reset-token'"
              + " WHERE id = 5");
    }
  }

  @Test
  void theReportCountsAndNamesEverySkippedRowWithItsReasonAndNoHash() {
    cli.run("import", "original", original.toString(), "--database", target);

    assertThat(cli.out().lines()).containsExactlyElementsOf(FIRST_REPORT);
    assertThat(cli.out()).doesNotContain("$2b$").doesNotContain("not-a-bcrypt-hash");
  }

  @Test
  void aMissingSourceIsExitStatusOneWithOneLineAndNoTargetCreated() {
    Path missing = folder.resolve("missing.db");

    int status = cli.run("import", "original", missing.toString(), "--database", target);

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip()).isEqualTo("bienvenue: cannot read " + missing + ": no such file");
    assertThat(Path.of(target)).doesNotExist();
  }

  @Test
  void aSourceThatIsNotSqliteIsExitStatusOneWithOneLine() throws Exception {
    Path text =
        Files.writeString(folder.resolve("users.csv"), "email,hashed_password\n".repeat(40));

    int status = cli.run("import", "original", text.toString(), "--database", target);

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip()).isEqualTo("bienvenue: " + text + " is not a SQLite database");
    assertThat(Path.of(target)).doesNotExist();
  }

  @Test
  void aSqliteFileWithoutTheOriginalsUsersTableIsExitStatusOne() throws Exception {
    Path other = folder.resolve("other.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT)");
    }
    Path noHashes = folder.resolve("no-hashes.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + noHashes);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, password TEXT)");
    }

    assertThat(cli.run("import", "original", other.toString(), "--database", target)).isEqualTo(1);
    assertThat(cli.run("import", "original", noHashes.toString(), "--database", target))
        .isEqualTo(1);

    assertThat(cli.err().lines())
        .containsExactly(
            "bienvenue: " + other + " has no users table: is it the original's database?",
            "bienvenue: " + noHashes + ": the users table has no hashed_password column");
  }

  @Test
  void importWithoutASourceKindIsAWrongCommandLine() {
    assertThat(cli.run("import")).isEqualTo(2);
    assertThat(cli.run("import", "original")).isEqualTo(2);
    assertThat(cli.err()).contains("Missing required subcommand").contains("FILE");
  }

  @Test
  void theHelpDocumentsTheOptions() {
    assertThat(cli.run("import", "original", "--help")).isZero();

    assertThat(cli.out()).contains("FILE", "--database", "--dry-run", "read-only");
  }

  private static void insert(Connection connection, int id, String email, Object hash)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO users (id, email, hashed_password) VALUES (?, ?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, email);
      if (hash instanceof byte[] bytes) {
        insert.setBytes(3, bytes);
      } else {
        insert.setString(3, (String) hash);
      }
      insert.executeUpdate();
    }
  }
}
