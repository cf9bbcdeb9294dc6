package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.Schema;
import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

  private final Cli cli = new Cli();

  @TempDir Path folder;

  @Test
  void migrateCreatesTheSchemaOnceThenFindsItUpToDate() {
    String database = folder.resolve("migrated.db").toString();

    assertThat(cli.run("migrate", "--database", database)).isZero();
    assertThat(cli.run("migrate", "--database", database)).isZero();

    assertThat(cli.out())
        .contains(
            "sqlite database at schema version %d (%d migrations applied now)"
                .formatted(Schema.latestVersion(), Schema.migrationCount()))
        .contains(
            "sqlite database at schema version %d (0 migrations applied now)"
                .formatted(Schema.latestVersion()));
  }

  @Test
  void anUnreachableDatabaseIsExitStatusOneWithoutItsPassword() {
    int status = cli.run("migrate", "--database", "postgresql://ops:s3cret@127.0.0.1:1/nothing");

    assertThat(status).isEqualTo(1);
    assertThat(cli.err())
        .startsWith("bienvenue: cannot open the database")
        .doesNotContain("s3cret");
    assertThat(cli.err().lines().count()).isEqualTo(1);
  }

  @Nested
  @RequiresPostgres
  class OnPostgres {

    @Test
    void migrateWorksOnPostgresToo() {
      try (TestDatabase database = TestDatabase.postgres()) {
        assertThat(cli.run("migrate", "--database", database.location()))
            .as("%s", cli.err())
            .isZero();
        assertThat(cli.run("migrate", "--database", database.location()))
            .as("%s", cli.err())
            .isZero();
      }

      assertThat(cli.out())
          .contains(
              "postgresql database at schema version %d (%d migrations applied now)"
                  .formatted(Schema.latestVersion(), Schema.migrationCount()))
          .contains("(0 migrations applied now)");
    }
  }
}
