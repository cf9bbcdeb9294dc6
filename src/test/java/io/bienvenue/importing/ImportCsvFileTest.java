package io.bienvenue.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.store.Database;
import io.bienvenue.store.UserStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Imports from CSV files, through {@link Importer#fromCsv}. */
class ImportCsvFileTest {

  private final StringWriter out = new StringWriter();

  private static final String ALICE_2B = BCrypt.hashpw("alice-pw", BCrypt.gensalt("$2b", 4));
  private static final String BOB_2A = BCrypt.hashpw("b0b-pw", BCrypt.gensalt("$2a", 4));
  private static final String CAROL_2Y = BCrypt.hashpw("car0l-pw", BCrypt.gensalt("$2y", 4));
  private static final String OTHER = BCrypt.hashpw("other", BCrypt.gensalt("$2b", 4));
  private static final String COST_3 = "$2b$03$" + OTHER.substring("$2b$04$".length());

  @TempDir Path folder;
  private final PasswordHasher hasher = new PasswordHasher(4, 1, 8, new SecureRandom());

  @AfterEach
  void closeTheHasher() {
    hasher.close();
  }

  @Test
  void goodRowsAreImportedWithTheirHashesAndBadRowsAreReportedByLine() throws Exception {
    Path csv =
        csv(
            "email,hashed_password",
            "alice@example.org," + ALICE_2B,
            "\"bob@example.org\",\"" + BOB_2A + "\"",
            "  carol@example.org , " + CAROL_2Y,
            "dave@example.org,not-a-hash",
            "eve@example.org," + OTHER + ",extra",
            "",
            "ALICE@EXAMPLE.ORG," + OTHER,
            "no-at-sign," + OTHER,
            "\"frank@example.org," + OTHER,
            "grace@example.org," + COST_3,
            "heidi@example.org");
    String target = folder.resolve("bienvenue.db").toString();

    importInto(csv, target);

    assertThat(out.toString().lines())
        .containsExactly(
            "imported 3 users, skipped 7 rows",
            "line 5: malformed bcrypt hash",
            "line 6: malformed row (3 fields, not 2)",
            "line 8: duplicate email (same as line 2)",
            "line 9: malformed email",
            "line 10: malformed row (unbalanced quotes)",
            "line 11: malformed bcrypt hash (cost 3, not 4 to 31)",
            "line 12: malformed row (1 field, not 2)");
    assertThat(out.toString()).doesNotContain("$2");
    try (Database database = Database.open(target, 2)) {
      UserStore users = new UserStore(database.jdbi(), Clock.systemUTC());
      assertThat(stored(users, "alice@example.org")).isEqualTo(ALICE_2B);
      assertThat(stored(users, "bob@example.org")).isEqualTo(BOB_2A);
      assertThat(stored(users, "carol@example.org")).isEqualTo(CAROL_2Y);
      assertThat(hasher.verify("alice-pw", ALICE_2B)).isTrue();
      assertThat(hasher.verify("b0b-pw", stored(users, "bob@example.org"))).isTrue();
      assertThat(hasher.verify("car0l-pw", stored(users, "carol@example.org"))).isTrue();
      assertThat(userCount(database)).isEqualTo(3);
    }
  }

  @Test
  void theHeaderIsOptionalAndMayNameTheHashBcryptHash() throws Exception {
    Path withHeader = csv("Email,BCRYPT_HASH", "alice@example.org," + ALICE_2B);
    Path withoutHeader = csv("bob@example.org," + BOB_2A);
    String target = folder.resolve("bienvenue.db").toString();

    importInto(withHeader, target);
    importInto(withoutHeader, target);

    assertThat(out.toString().lines())
        .containsExactly("imported 1 user, skipped 0 rows", "imported 1 user, skipped 0 rows");
  }

  @Test
  void aSpreadsheetExportWithAByteOrderMarkAndCrlfLinesReadsTheSame() throws Exception {
    Path csv = folder.resolve("export.csv");
    Files.writeString(
        csv,
        "\uFEFFemail,hashed_password\r\nalice@example.org," + ALICE_2B + "\r\n",
        StandardCharsets.UTF_8);
    String target = folder.resolve("bienvenue.db").toString();

    importInto(csv, target);

    assertThat(out.toString().strip()).isEqualTo("imported 1 user, skipped 0 rows");
    try (Database database = Database.open(target, 2)) {
      UserStore users = new UserStore(database.jdbi(), Clock.systemUTC());
      assertThat(stored(users, "alice@example.org")).isEqualTo(ALICE_2B);
    }
  }

  @Test
  void aSecondImportSkipsEveryRowAsAlreadyRegistered() throws Exception {
    Path csv = csv("alice@example.org," + ALICE_2B, "bob@example.org," + BOB_2A);
    String target = folder.resolve("bienvenue.db").toString();
    importInto(csv, target);
    out.getBuffer().setLength(0);

    importInto(csv, target);

    assertThat(out.toString().lines())
        .containsExactly(
            "imported 0 users, skipped 2 rows",
            "line 1: duplicate email (already registered)",
            "line 2: duplicate email (already registered)");
  }

  @Test
  void fieldsSplitAtCommasAndUnquoteDoubledQuotes() {
    assertThat(ImportCsvFile.fields("a,b")).contains(List.of("a", "b"));
    assertThat(ImportCsvFile.fields(" \"a\"\"b\" , c ")).contains(List.of("a\"b", "c"));
    assertThat(ImportCsvFile.fields("\"a,b\",c")).contains(List.of("a,b", "c"));
    assertThat(ImportCsvFile.fields("a,b,")).contains(List.of("a", "b", ""));
    assertThat(ImportCsvFile.fields("\"a\"x,b")).isEmpty();
    assertThat(ImportCsvFile.fields("a\"b,c")).isEmpty();
    assertThat(ImportCsvFile.fields("\"a,b")).isEmpty();
  }

  /** Imports {@code csv} into {@code database}; the report goes to {@link #out}. */
  private void importInto(Path csv, String database) {
    Importer.fromCsv(csv, database, false, BcryptHashes.DEFAULT_MAX_COST)
        .print(new PrintWriter(out));
  }

  private Path csv(String... lines) throws Exception {
    Path file = Files.createTempFile(folder, "users", ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static String stored(UserStore users, String email) {
    return users.findUserBy(Map.of("email", email)).hashedPassword();
  }

  private static int userCount(Database database) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
  }
}
