package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.Schema;
import io.bienvenue.testing.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  private final Cli cli = new Cli();

  @TempDir Path folder;

  @Test
  void checkReportsTheDatabaseAndItsPendingMigrationsWithoutMigrating() {
    String database = folder.resolve("checked.db").toString();

    assertThat(cli.run("check", "--database", database)).isZero();
    assertThat(cli.out())
        .contains("configuration: ok (development mode, http://127.0.0.1:5000)")
        .contains(
            "database: none there yet (sqlite; serve or migrate creates it, with "
                + Schema.migrationCount()
                + " migrations)");
    assertThat(folder).as("check creates no database").isEmptyDirectory();
    assertThat(cli.run("migrate", "--database", database)).isZero();
    assertThat(cli.run("check", "--database", database)).isZero();
    assertThat(cli.out())
        .contains("schema version " + Schema.latestVersion() + ", 0 pending migrations");
  }

  @Test
  void aBadConfigurationOrAnUnreachableDatabaseIsExitStatusOne() {
    assertThat(cli.run("check", "--bcrypt-cost", "40")).isEqualTo(1);
    assertThat(cli.err()).contains("--bcrypt-cost");
    assertThat(cli.run("check", "--database", "postgresql://ops:s3cret@127.0.0.1:1/none"))
        .isEqualTo(1);
    assertThat(cli.err()).contains("cannot reach the database").doesNotContain("s3cret");
  }

  @Test
  void theBasePathIsShownAfterTheAddressAndOneThatIsNoneIsRefusedInOneLine() {
    String database = folder.resolve("mounted.db").toString();

    assertThat(cli.run("check", "--database", database, "--base-path", "/auth/")).isZero();
    assertThat(cli.out())
        .contains("configuration: ok (development mode, http://127.0.0.1:5000/auth)");
    assertThat(cli.run("check", "--database", database, "--base-path", "/a/../b")).isEqualTo(1);
    assertThat(cli.err())
        .contains("--base-path '/a/../b' is not a base path")
        .doesNotContain("Exception");
  }

  @Test
  void inProductionABasePathThatDisagreesWithThePublicUrlIsRefusedNamingBoth() {
    int status =
        cli.run(
            "check",
            "--database",
            folder.resolve("disagreeing.db").toString(),
            "--production",
            "--public-url",
            "https://app.example.com/auth",
            "--base-path",
            "/id",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.com");

    assertThat(status).isEqualTo(1);
    assertThat(cli.err())
        .contains(
            "--base-path /id and the path of --public-url https://app.example.com/auth (/auth)"
                + " disagree")
        .doesNotContain("Exception");
  }

  @Test
  void aSessionCookieNameOtherThanTheTwoIsRefused() {
    int status =
        cli.run(
            "check",
            "--production",
            "--database",
            folder.resolve("c.db").toString(),
            "--public-url",
            "https://auth.example.org",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.org",
            "--session-cookie-name",
            "sid");

    assertThat(status).isEqualTo(1);
    assertThat(cli.err()).contains("--session-cookie-name must be __Host-session_id or session_id");
  }

  @Test
  void productionChecksTheSmtpServerToo() throws IOException {
    int status =
        cli.run(
            "check",
            "--production",
            "--secrets-key-file",
            keyFile().toString(),
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
    assertThat(cli.out())
        .contains("secrets key: ok (1 key, sealing with ")
        .contains("database: none there yet");
    assertThat(cli.err()).contains("127.0.0.1:1");
  }

  @Test
  void theSecretsKeyIsCheckedAndDevelopmentIsToldWhichFileServeWillUse() throws IOException {
    String database = folder.resolve("k.db").toString();

    assertThat(cli.run("check", "--database", database)).isZero();
    assertThat(cli.out())
        .contains("secrets key: none given; serve uses " + database + ".key, made then");
    assertThat(folder.resolve("k.db.key")).as("check changes nothing").doesNotExist();
    Path key = keyFile();
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw----r--"));
    assertThat(cli.run("check", "--database", database, "--secrets-key-file", key.toString()))
        .isEqualTo(1);
    assertThat(cli.err())
        .contains("is open to its group or others")
        .doesNotContain(TestSecrets.KEY);
  }

  private Path keyFile() throws IOException {
    Path key = folder.resolve("secrets.key");
    Files.writeString(key, TestSecrets.KEY + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return key;
  }
}
