package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code bienvenue import csv}: its options, exit statuses and report; the rows are
 * ImportCsvFileTest's.
 */
class ImportCsvCommandTest {

  private final Cli cli = new Cli();

  private static final String ALICE_2B = BCrypt.hashpw("alice-pw", BCrypt.gensalt("$2b", 4));
  private static final String OTHER = BCrypt.hashpw("other", BCrypt.gensalt("$2b", 4));

  @TempDir Path folder;

  @Test
  void aHashAboveTheBcryptCostCapIsRefusedWithAClearLine() throws Exception {
    String cost31 = "$2b$31$" + OTHER.substring("$2b$04$".length());
    String cost15 = "$2b$15$" + OTHER.substring("$2b$04$".length());
    Path csv =
        csv(
            "alice@example.org," + ALICE_2B,
            "mallory@example.org," + cost31,
            "trent@example.org," + cost15);
    String target = folder.resolve("bienvenue.db").toString();

    assertThat(cli.run("import", "csv", csv.toString(), "--database", target)).isZero();
    assertThat(cli.out().lines())
        .containsExactly(
            "imported 1 user, skipped 2 rows",
            "line 2: bcrypt cost 31 is above --max-bcrypt-cost 14 (the service would never"
                + " verify it)",
            "line 3: bcrypt cost 15 is above --max-bcrypt-cost 14 (the service would never"
                + " verify it)");
    cli.clear();

    assertThat(
            cli.run(
                "import", "csv", csv.toString(), "--database", target, "--max-bcrypt-cost", "15"))
        .isZero();
    assertThat(cli.out().lines())
        .containsExactly(
            "imported 1 user, skipped 2 rows",
            "line 1: duplicate email (already registered)",
            "line 2: bcrypt cost 31 is above --max-bcrypt-cost 15 (the service would never"
                + " verify it)");
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isEqualTo(2);
    }
  }

  @Test
  void aDryRunWritesNothing() throws Exception {
    Path csv = csv("alice@example.org," + ALICE_2B, "bob@example.org,nope");
    String target = folder.resolve("bienvenue.db").toString();
    assertThat(cli.run("migrate", "--database", target)).isZero();
    cli.clear();

    assertThat(cli.run("import", "csv", csv.toString(), "--database", target, "--dry-run"))
        .isZero();

    assertThat(cli.out().lines())
        .containsExactly(
            "dry run, nothing written: would import 1 user, skipped 1 row",
            "line 2: malformed bcrypt hash");
    try (Database database = Database.open(target, 2)) {
      assertThat(userCount(database)).isZero();
    }
  }

  @Test
  void anUnreadableFileIsExitStatusOneWithOneLine() throws Exception {
    Path missing = folder.resolve("missing.csv");
    Path binary = folder.resolve("binary.csv");
    Files.write(binary, new byte[] {'a', ',', (byte) 0xC3, (byte) 0x28, '\n'});
    String target = folder.resolve("bienvenue.db").toString();

    assertThat(cli.run("import", "csv", missing.toString(), "--database", target)).isEqualTo(1);
    assertThat(cli.run("import", "csv", binary.toString(), "--database", target)).isEqualTo(1);

    assertThat(cli.err().lines())
        .containsExactly(
            "bienvenue: cannot read " + missing + ": no such file",
            "bienvenue: cannot read " + binary + ": it is not UTF-8 text");
    assertThat(Path.of(target)).doesNotExist();
  }

  private Path csv(String... lines) throws Exception {
    Path file = Files.createTempFile(folder, "users", ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static int userCount(Database database) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
  }
}
