package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets key as {@code serve} takes it: refused when missing or exposed, made in development.
 */
class SecretsKeyTest {

  private static final Duration LINE_WAIT = Duration.ofMinutes(1);

  private final Cli cli = new Cli();

  @TempDir Path folder;

  @Test
  void productionWithoutAKeyStopsTheStartWithOneLineNamingBothWays() {
    Path database = folder.resolve("p.db");

    int status =
        cli.run(
            "serve",
            "--production",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.org",
            "--public-url",
            "https://auth.example.org",
            "--database",
            database.toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().lines()).hasSize(1);
    assertThat(cli.err())
        .startsWith("bienvenue: --production needs the secrets key")
        .contains("--secrets-key-file", "BIENVENUE_SECRETS_KEY_FILE", "BIENVENUE_SECRETS_KEY ");
    assertThat(database).as("nothing was opened").doesNotExist();
  }

  @Test
  void aKeyFileOpenToItsGroupIsRefusedWithoutShowingTheKey() throws Exception {
    Path key = folder.resolve("secrets.key");
    Files.writeString(key, TestSecrets.KEY + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
    Path database = folder.resolve("g.db");

    int status =
        cli.run("serve", "--secrets-key-file", key.toString(), "--database", database.toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().lines()).hasSize(1);
    assertThat(cli.err())
        .contains("the secrets key file " + key + " is open to its group or others (rw-r-----)")
        .contains("chmod 600")
        .doesNotContain(TestSecrets.KEY);
    assertThat(database).doesNotExist();
  }

  @Test
  void aKeyFileLineThatIsNotAKeyIsRefusedWithoutShowingIt() throws Exception {
    Path key = folder.resolve("secrets.key");
    String almost = TestSecrets.KEY.substring(1);
    Files.writeString(key, almost + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

    int status =
        cli.run(
            "serve",
            "--secrets-key-file",
            key.toString(),
            "--database",
            folder.resolve("n.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err())
        .contains("line 1 of the secrets key file " + key + " is not a key")
        .doesNotContain(almost);
  }

  @Test
  void developmentGeneratesAnOwnerOnlyKeyFileBesideTheDatabaseSaysSoAndNeverLogsTheKey()
      throws Exception {
    Path database = folder.resolve("dev.db");
    Path key = folder.resolve("dev.db.key");
    String generated;
    try (ServiceProcess service =
        ServiceProcess.start("dev", database.toString(), Map.of("BIENVENUE_SECRETS_KEY", ""))) {
      String line = service.awaitLine("generated the secrets key file", LINE_WAIT);
      service.awaitListening(LINE_WAIT);

      assertThat(line).contains(key.toString()).contains("mode 0600").contains("backups");
      assertThat(Files.getPosixFilePermissions(key))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      generated = Files.readString(key, StandardCharsets.US_ASCII).strip();
      assertThat(generated).matches("[A-Za-z0-9_-]{43}");
      assertThat(service.stop()).isZero();
      assertThat(service.output()).doesNotContain(generated);
    }

    try (ServiceProcess again =
        ServiceProcess.start("again", database.toString(), Map.of("BIENVENUE_SECRETS_KEY", ""))) {
      again.awaitListening(LINE_WAIT);

      assertThat(again.output()).doesNotContain("generated the secrets key file");
      assertThat(Files.readString(key, StandardCharsets.US_ASCII).strip()).isEqualTo(generated);
      assertThat(again.stop()).isZero();
      assertThat(again.output()).doesNotContain(generated);
    }
  }
}
