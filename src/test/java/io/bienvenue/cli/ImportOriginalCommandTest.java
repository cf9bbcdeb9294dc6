package io.bienvenue.cli;

import static io.bienvenue.testing.OriginalDatabase.FIRST_REPORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.OriginalDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bienvenue import original}: its options, exit statuses and report; the import is
 * ImporterTest's.
 */
class ImportOriginalCommandTest {

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private Path original;
  private String target;

  @BeforeEach
  void createTheOriginalsDatabase() throws SQLException {
    original = OriginalDatabase.create(folder.resolve("a.db"));
    target = folder.resolve("bienvenue.db").toString();
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
}
