package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

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
  void serveHelpDocumentsEveryFlagAndItsEnvironmentVariable() {
    int status = run("serve", "--help");

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("--host", "BIENVENUE_HOST")
        .contains("--port", "BIENVENUE_PORT")
        .contains("--database", "BIENVENUE_DATABASE")
        .contains("--bcrypt-cost", "BIENVENUE_BCRYPT_COST")
        .contains("--session-idle-timeout", "BIENVENUE_SESSION_IDLE_TIMEOUT")
        .contains("--session-lifetime", "BIENVENUE_SESSION_LIFETIME")
        .contains("--reset-token-lifetime", "BIENVENUE_RESET_TOKEN_LIFETIME");
  }

  @Test
  void topLevelHelpListsTheCommandsAndExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("serve").contains("Exit codes");
  }

  @Test
  void aMalformedFlagIsExitStatusTwo() {
    assertThat(run("serve", "--port", "many")).isEqualTo(2);
    assertThat(run("serve", "--session-lifetime", "forever")).isEqualTo(2);
    assertThat(err.toString()).contains("forever").contains("30m");
    assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
  }

  @Test
  void anOutOfRangeValueIsExitStatusOneWithOneClearLine() {
    String database = folder.resolve("x.db").toString();

    int status = run("serve", "--bcrypt-cost", "3", "--database", database);

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("bienvenue: --bcrypt-cost must be from 4 to 31, not 3");
  }

  @Test
  void anUnusableDatabaseIsExitStatusOne() {
    int status = run("serve", "--database", folder.resolve("no/such/dir/x.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("bienvenue: ").contains("does not exist");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void productionWithoutItsSettingsIsExitStatusOneNamingWhatIsMissing() {
    int status = run("serve", "--production", "--database", folder.resolve("p.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("bienvenue: --production needs --smtp-host")
        .contains("BIENVENUE_SMTP_HOST");
  }

  @Test
  void productionWithoutAPublicUrlIsRefusedToo() {
    int status =
        run(
            "serve",
            "--production",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.org",
            "--database",
            folder.resolve("p.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("--public-url");
  }

  @Test
  void developmentRefusesAPublicHost() {
    int status = run("serve", "--host", "0.0.0.0", "--database", folder.resolve("d.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("--production").contains("TLS proxy");
  }

  @Test
  void anUnknownTlsModeIsExitStatusTwo() {
    assertThat(run("serve", "--smtp-tls", "maybe")).isEqualTo(2);
    assertThat(err.toString()).contains("starttls");
  }
}
