package io.bienvenue.importing;

import static io.bienvenue.testing.OriginalDatabase.ALICE_HASH;
import static io.bienvenue.testing.OriginalDatabase.BOB_HASH;
import static io.bienvenue.testing.OriginalDatabase.DAVE_HASH;
import static io.bienvenue.testing.OriginalDatabase.FIRST_REPORT;
import static io.bienvenue.testing.OriginalDatabase.OTHER_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.store.Database;
import io.bienvenue.store.UserStore;
import io.bienvenue.testing.OriginalDatabase;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.User;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports from the Flask original's SQLite database, through {@link Importer#fromOriginal}. */
class ImporterTest {

  private final StringWriter out = new StringWriter();

  @TempDir Path folder;
  private final PasswordHasher hasher = new PasswordHasher(4, 1, 8, new SecureRandom());
  private Path original;
  private String target;

  @BeforeEach
  void createTheOriginalsDatabase() throws SQLException {
    original = OriginalDatabase.create(folder.resolve("a.db"));
    target = folder.resolve("bienvenue.db").toString();
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
    importInto(target);

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
  void aSecondImportSkipsEveryUserAsAlreadyRegisteredAndWritesNothing() {
    importInto(target);
    out.getBuffer().setLength(0);

    importInto(target);

    assertThat(out.toString().lines())
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

    importInto(target);

    assertThat(out.toString().lines())
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
    Database.open(target, 1).close();
    dryRunInto(target);

    assertThat(out.toString().lines())
        .first()
        .isEqualTo("dry run, nothing written: would import 3 users, skipped 3 rows");
    assertThat(out.toString().lines().skip(1))
        .containsExactlyElementsOf(FIRST_REPORT.subList(1, 4));
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isZero();
    }
  }

  @Test
  void theOriginalsDatabaseIsLeftByteForByteUnchanged() throws Exception {
    byte[] before = Files.readAllBytes(original);

    importInto(target);

    assertThat(Files.readAllBytes(original)).isEqualTo(before);
    try (var files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith("a.db-"));
    }
  }

  @Test
  void aFailedWriteRollsBackTheWholeImportAndSaysWhichRow() {
    onTarget(
        """
        CREATE TRIGGER refuse_dave BEFORE INSERT ON users
        WHEN NEW.email = 'dave@example.org'
        BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END
        """);

    assertThatThrownBy(() -> importInto(target))
        .isInstanceOf(IllegalStateException.class)
        .message()
        .startsWith("id 5: ")
        .doesNotContain("\n")
        .contains("refused by a test trigger")
        .contains("nothing was imported")
        .doesNotContain("$2b$");
    assertThat(out.toString()).as("no report for an import that failed").isEmpty();
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).as("alice and bob were rolled back").isZero();
    }
  }

  @Test
  void anEmailRegisteredWhileTheImportRunsRollsItBackWithAClearLine() {
    // Registers bob's email just before the import's own insert of it, as a racing
    // registration over HTTP would.
    onTarget(
        """
        CREATE TRIGGER race_bob BEFORE INSERT ON users
        WHEN NEW.email = 'bob@example.org'
        BEGIN
          INSERT INTO users (email, email_key, hashed_password, created_at)
          VALUES ('BOB@example.org', 'bob@example.org', 'x', 0);
        END
        """);

    assertThatThrownBy(() -> importInto(target))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "id 2: the email was registered while the import ran; the import was"
                + " rolled back, nothing was imported: run it again");
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isZero();
    }
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

        dryRunInto(postgres.location());
        importInto(postgres.location());
        importInto(postgres.location());

        assertThat(out.toString().lines())
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

        assertThatThrownBy(() -> importInto(postgres.location()))
            .isInstanceOf(IllegalStateException.class)
            .message()
            .startsWith("id 5: ")
            .doesNotContain("\n")
            .contains("refused by a test trigger")
            .contains("nothing was imported");
        try (Database database = Database.open(postgres.location(), 2)) {
          assertThat(userCount(database)).isZero();
        }
      }
    }
  }

  /** Runs {@code sql} on the target database. */
  private void onTarget(String sql) {
    try (Database database = Database.open(target, 2)) {
      database.jdbi().useHandle(h -> h.execute(sql));
    }
  }

  /** Imports {@link #original} into {@code database}; the report goes to {@link #out}. */
  private void importInto(String database) {
    run(database, false);
  }

  /** Checks {@link #original} against {@code database} and writes nothing; as importInto. */
  private void dryRunInto(String database) {
    run(database, true);
  }

  private void run(String database, boolean dryRun) {
    Importer.fromOriginal(original, database, dryRun, BcryptHashes.DEFAULT_MAX_COST)
        .print(new PrintWriter(out));
  }

  private static int userCount(Database database) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
  }
}
