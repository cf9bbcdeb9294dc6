package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {

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
  void checkReportsTheDatabaseAndItsPendingMigrationsWithoutMigrating() {
    String database = folder.resolve("checked.db").toString();

    assertThat(run("check", "--database", database)).isZero();
    assertThat(out.toString())
        .contains("configuration: ok (development mode, http://127.0.0.1:5000)")
        .contains("database: ok (sqlite, schema version none, 4 pending migrations)");
    assertThat(run("migrate", "--database", database)).isZero();
    assertThat(run("check", "--database", database)).isZero();
    assertThat(out.toString()).contains("schema version 4, 0 pending migrations");
  }

  @Test
  void aBadConfigurationOrAnUnreachableDatabaseIsExitStatusOne() {
    assertThat(run("check", "--bcrypt-cost", "40")).isEqualTo(1);
    assertThat(err.toString()).contains("--bcrypt-cost");
    assertThat(run("check", "--database", "postgresql://ops:s3cret@127.0.0.1:1/none")).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach the database").doesNotContain("s3cret");
  }

  @Test
  void productionChecksTheSmtpServerToo() {
    int status =
        run(
            "check",
            "--production",
            "--database",
            folder.resolve("p.db").toString(),
            "--public-url",
            "https://auth.example.org",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            "1",
            "--smtp-tls",
            "none",
            "--mail-from",
            "noreply@example.org");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).contains("database: ok");
    assertThat(err.toString()).contains("127.0.0.1:1");
  }
}
