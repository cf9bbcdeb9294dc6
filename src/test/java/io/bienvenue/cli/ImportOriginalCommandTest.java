package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.store.Database;
import io.bienvenue.store.UserStore;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

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
  private final PasswordHasher hasher = new PasswordHasher(4, 1, 8, new SecureRandom());
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

  @AfterEach
  void closeTheHasher() {
    hasher.close();
  }

  @Test
  void theFixtureStoresOneHashAsABlobAndAnotherAsText() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + original);
        Statement statement = connection.createStatement();
        var types =
            statement.executeQuery("SELECT typeof(hashed_password) FROM users ORDER BY id")) {
      types.next();
      assertThat(types.getString(1)).isEqualTo("blob");
      types.next();
      assertThat(types.getString(1)).isEqualTo("text");
    }
  }

  @Test
  void everyValidUserIsImportedWithItsHashUnchangedAndLogsInWithTheOldPassword() {
    assertThat(cli.run("import", "original", original.toString(), "--database", target))
        .as("%s", cli.err())
        .isZero();

    assertThat(cli.err()).isEmpty();
    try (Database database = Database.open(target, 2)) {
      UserStore users = new UserStore(database.jdbi(), Clock.systemUTC());
      User alice = users.findUserBy(Map.of("email", "alice@example.org"));
      User bob = users.findUserBy(Map.of("email", "bob@example.org"));
      User dave = users.findUserBy(Map.of("email", "dave@example.org"));
      assertThat(alice.hashedPassword()).isEqualTo(ALICE_HASH);
      assertThat(bob.hashedPassword()).isEqualTo(BOB_HASH);
      assertThat(dave.hashedPassword()).isEqualTo(DAVE_HASH);
      assertThat(hasher.verify("alice-pw", alice.hashedPassword())).isTrue();
      assertThat(hasher.verify("b0b-pw", bob.hashedPassword())).isTrue();
      assertThat(hasher.verify("d4ve-pw", dave.hashedPassword())).isTrue();
      assertThat(hasher.verify("wrong", alice.hashedPassword())).isFalse();
      assertThat(dave.resetToken()).isEmpty();
      assertThat(userCount(database)).isEqualTo(3);
    }
  }

  @Test
  void theReportCountsAndNamesEverySkippedRowWithItsReasonAndNoHash() {
    cli.run("import", "original", original.toString(), "--database", target);

    assertThat(cli.out().lines()).containsExactlyElementsOf(FIRST_REPORT);
    assertThat(cli.out()).doesNotContain("$2b$").doesNotContain("not-a-bcrypt-hash");
  }

  @Test
  void aSecondImportSkipsEveryUserAsAlreadyRegisteredAndWritesNothing() {
    cli.run("import", "original", original.toString(), "--database", target);
    cli.clear();

    assertThat(cli.run("import", "original", original.toString(), "--database", target)).isZero();

    assertThat(cli.out().lines())
        .containsExactly(
            "imported 0 users, skipped 6 rows",
            "id 1: duplicate email (already registered)",
            "id 2: duplicate email (already registered)",
            "id 3: duplicate email (same as id 1)",
            "id 4: malformed bcrypt hash",
            "id 5: duplicate email (already registered)",
            "id 6: malformed email");
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isEqualTo(3);
    }
  }

  @Test
  void usersAlreadyRegisteredAreSkippedAndTheRestStillImported() {
    try (Database database = Database.open(target, 2)) {
      new UserStore(database.jdbi(), Clock.systemUTC()).addUser("Bob@Example.org", OTHER_HASH);
    }

    assertThat(cli.run("import", "original", original.toString(), "--database", target)).isZero();

    assertThat(cli.out().lines())
        .startsWith("imported 2 users, skipped 4 rows")
        .contains("id 2: duplicate email (already registered)");
    try (Database database = Database.open(target, 2)) {
      UserStore users = new UserStore(database.jdbi(), Clock.systemUTC());
      assertThat(users.findUserBy(Map.of("email", "bob@example.org")).hashedPassword())
          .isEqualTo(OTHER_HASH);
      assertThat(users.findUserBy(Map.of("email", "dave@example.org")).hashedPassword())
          .isEqualTo(DAVE_HASH);
    }
  }

  @Test
  void aDryRunReportsWhatItWouldImportAndWritesNothing() {
    assertThat(
            cli.run("import", "original", original.toString(), "--database", target, "--dry-run"))
        .isZero();

    assertThat(cli.out().lines())
        .first()
        .isEqualTo("dry run, nothing written: would import 3 users, skipped 3 rows");
    assertThat(cli.out().lines().skip(1)).containsExactlyElementsOf(FIRST_REPORT.subList(1, 4));
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isZero();
    }
  }

  @Test
  void theOriginalsDatabaseIsLeftByteForByteUnchanged() throws Exception {
    byte[] before = Files.readAllBytes(original);

    cli.run("import", "original", original.toString(), "--database", target);

    assertThat(Files.readAllBytes(original)).isEqualTo(before);
    try (var files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith("a.db-"));
    }
  }

  @Test
  void aFailedWriteRollsBackTheWholeImportAndSaysWhichRow() {
    try (Database database = Database.open(target, 2)) {
      database
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      """
                      CREATE TRIGGER refuse_dave BEFORE INSERT ON users
                      WHEN NEW.email = 'dave@example.org'
                      BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END
                      """));
    }

    int status = cli.run("import", "original", original.toString(), "--database", target);

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().lines()).hasSize(1);
    assertThat(cli.err())
        .startsWith("bienvenue: id 5: ")
        .contains("refused by a test trigger")
        .contains("nothing was imported")
        .doesNotContain("$2b$");
    assertThat(cli.out()).isEmpty();
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).as("alice and bob were rolled back").isZero();
    }
  }

  @Test
  void anEmailRegisteredWhileTheImportRunsRollsItBackWithAClearLine() {
    try (Database database = Database.open(target, 2)) {
      // Registers bob's email just before the import's own insert of it, as a racing
      // registration over HTTP would.
      database
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      """
                      CREATE TRIGGER race_bob BEFORE INSERT ON users
                      WHEN NEW.email = 'bob@example.org'
                      BEGIN
                        INSERT INTO users (email, email_key, hashed_password, created_at)
                        VALUES ('BOB@example.org', 'bob@example.org', 'x', 0);
                      END
                      """));
    }

    int status = cli.run("import", "original", original.toString(), "--database", target);

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "bienvenue: id 2: the email was registered while the import ran; the import was"
                + " rolled back, nothing was imported: run it again");
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isZero();
    }
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

  @Nested
  @RequiresPostgres
  class OnPostgres {

    @Test
    void theSameImportWorksOnPostgresAndIsAllOrNothing() {
      try (TestDatabase postgres = TestDatabase.postgres()) {
        try (Database database = Database.open(postgres.location(), 2)) {
          new UserStore(database.jdbi(), Clock.systemUTC()).addUser("BOB@example.org", OTHER_HASH);
        }

        assertThat(
                cli.run(
                    "import",
                    "original",
                    original.toString(),
                    "--database",
                    postgres.location(),
                    "--dry-run"))
            .as("%s", cli.err())
            .isZero();
        assertThat(
                cli.run(
                    "import", "original", original.toString(), "--database", postgres.location()))
            .as("%s", cli.err())
            .isZero();
        assertThat(
                cli.run(
                    "import", "original", original.toString(), "--database", postgres.location()))
            .as("%s", cli.err())
            .isZero();

        assertThat(cli.out().lines())
            .contains(
                "dry run, nothing written: would import 2 users, skipped 4 rows",
                "imported 2 users, skipped 4 rows",
                "id 2: duplicate email (already registered)",
                "imported 0 users, skipped 6 rows");
        try (Database database = Database.open(postgres.location(), 2)) {
          UserStore users = new UserStore(database.jdbi(), Clock.systemUTC());
          User alice = users.findUserBy(Map.of("email", "Alice@example.org"));
          assertThat(alice.hashedPassword()).isEqualTo(ALICE_HASH);
          assertThat(hasher.verify("alice-pw", alice.hashedPassword())).isTrue();
          assertThat(
                  hasher.verify(
                      "d4ve-pw",
                      users.findUserBy(Map.of("email", "dave@example.org")).hashedPassword()))
              .isTrue();
          assertThat(userCount(database)).isEqualTo(3);
        }
      }
    }

    @Test
    void aFailedWriteOnPostgresRollsBackTheWholeImport() {
      try (TestDatabase postgres = TestDatabase.postgres()) {
        try (Database database = Database.open(postgres.location(), 2)) {
          database
              .jdbi()
              .useHandle(
                  h -> {
                    h.execute(
                        """
                        CREATE FUNCTION refuse_dave() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                          IF NEW.email = 'dave@example.org' THEN
                            RAISE EXCEPTION 'refused by a test trigger';
                          END IF;
                          RETURN NEW;
                        END $$
                        """);
                    h.execute(
                        "CREATE TRIGGER refuse_dave BEFORE INSERT ON users"
                            + " FOR EACH ROW EXECUTE FUNCTION refuse_dave()");
                  });
        }

        int status =
            cli.run("import", "original", original.toString(), "--database", postgres.location());

        assertThat(status).isEqualTo(1);
        assertThat(cli.err().lines()).hasSize(1);
        assertThat(cli.err())
            .startsWith("bienvenue: id 5: ")
            .contains("refused by a test trigger")
            .contains("nothing was imported");
        try (Database database = Database.open(postgres.location(), 2)) {
          assertThat(userCount(database)).isZero();
        }
      }
    }
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

  private static int userCount(Database database) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
  }
}
