package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands that only read or rehearse leave the disk as they found it: where there is no
 * database they create none and say that nothing is there, and an outdated one is not migrated.
 */
class ReadOnlyCommandsTest {

  private final Cli cli = new Cli();

  @TempDir Path folder;

  /** Every command that only reads or rehearses, before its {@code --database} option. */
  static Stream<List<String>> readOnlyCommands() {
    return Stream.of(
        List.of("user", "list"),
        List.of("user", "show", "ada@example.org"),
        List.of("user", "passkeys", "ada@example.org"),
        List.of("client", "list"),
        List.of("keys", "list"),
        List.of("webhook", "list"),
        List.of("import", "csv", "@CSV", "--dry-run"),
        List.of("import", "original", "@ORIGINAL", "--dry-run"));
  }

  private String[] commandLine(List<String> command, String database) throws Exception {
    Path inputs = Files.createDirectories(folder.resolve("inputs"));
    List<String> line = new ArrayList<>();
    for (String word : command) {
      line.add(
          switch (word) {
            case "@CSV" ->
                Files.writeString(
                        inputs.resolve("users.csv"),
                        "email,hashed_password\\n",
                        StandardCharsets.UTF_8)
                    .toString();
            case "@ORIGINAL" -> originalDatabase(inputs).toString();
            default -> word;
          });
    }
    line.add("--database");
    line.add(database);
    return line.toArray(String[]::new);
  }

  /** An empty database of the original project: SQLAlchemy's users table, no rows. */
  private static Path originalDatabase(Path inputs) throws Exception {
    Path file = inputs.resolve("a.db");
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        var statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(250) NOT NULL,"
              + " hashed_password VARCHAR(250) NOT NULL, session_id VARCHAR(250),"
              + " reset_token VARCHAR(250))");
    }
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readOnlyCommands")
  void whereThereIsNoDatabaseNoneIsCreatedAndTheCommandSaysNothingIsThere(List<String> command)
      throws Exception {
    Path database = folder.resolve("data").resolve("bienvenue.db");
    Files.createDirectories(database.getParent());

    assertThat(cli.run(commandLine(command, database.toString()))).isEqualTo(1);

    assertThat(cli.err())
        .contains("there is no database at")
        .contains("nothing to read")
        .doesNotContain("Exception");
    assertThat(database.getParent()).as("nothing made on disk").isEmptyDirectory();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readOnlyCommands")
  void anOutdatedDatabaseIsNotMigratedAndTheCommandSaysSo(List<String> command) throws Exception {
    Path database = folder.resolve("old.db");
    Flyway.configure()
        .dataSource("jdbc:sqlite:" + database, null, null)
        .locations("classpath:db/migration/sqlite")
        .target("1")
        .load()
        .migrate();

    assertThat(cli.run(commandLine(command, database.toString()))).isEqualTo(1);

    assertThat(cli.err()).contains("is at schema version 1").contains("run `bienvenue migrate`");
    assertThat(cli.run("check", "--database", database.toString())).isZero();
    assertThat(cli.out())
        .contains("schema version 1, " + (Schema.migrationCount() - 1) + " pending migrations");
  }

  @Test
  void checkOnAMissingDatabaseSaysSoAndLeavesNoFile() {
    Path database = folder.resolve("bienvenue.db");

    assertThat(cli.run("check", "--database", database.toString())).isZero();

    assertThat(cli.out()).contains("database: none there yet (sqlite;");
    assertThat(folder).isEmptyDirectory();
  }
}
