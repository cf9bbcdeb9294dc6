package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MigrateCommandTest {

  @TempDir Path folder;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = BienvenueCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void migrateCreatesTheSchemaOnceThenFindsItUpToDate() {
    String database = folder.resolve("migrated.db").toString();

    assertThat(run("migrate", "--database", database)).isZero();
    assertThat(run("migrate", "--database", database)).isZero();

    assertThat(out.toString())
        .contains("sqlite database at schema version 4 (4 migrations applied now)")
        .contains("sqlite database at schema version 4 (0 migrations applied now)");
  }

  @Test
  void anUnreachableDatabaseIsExitStatusOneWithoutItsPassword() {
    int status = run("migrate", "--database", "postgresql://ops:s3cret@127.0.0.1:1/nothing");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("bienvenue: cannot open the database")
        .doesNotContain("s3cret");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Nested
  @RequiresPostgres
  class OnPostgres {

    @Test
    void migrateWorksOnPostgresToo() {
      try (TestDatabase database = TestDatabase.postgres()) {
        assertThat(run("migrate", "--database", database.location())).as("%s", err).isZero();
        assertThat(run("migrate", "--database", database.location())).as("%s", err).isZero();
      }

      assertThat(out.toString())
          .contains("postgresql database at schema version 4 (4 migrations applied now)")
          .contains("(0 migrations applied now)");
    }
  }
}
