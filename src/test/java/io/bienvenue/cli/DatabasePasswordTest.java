package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL password never reaches the CLI's standard error nor the service's start-up log, for
 * the two URL shapes that printed it: a {@code jdbc:postgresql://user:password@} URL (the driver
 * echoed its URL in its message) and a password holding {@code /} (the URL parsed with no host and
 * was printed as written). Nothing listens on port 1, so every connection is refused.
 */
class DatabasePasswordTest {

  private static final String JDBC_URL = "jdbc:postgresql://bob:S3cr3t@127.0.0.1:1/bienvenue";
  private static final String SLASH_URL = "postgresql://bob:Sl4sh/ed@127.0.0.1:1/bienvenue";

  private final Cli cli = new Cli();

  @TempDir java.nio.file.Path folder;

  @Test
  void aJdbcUrlWithCredentialsIsNeverEchoedByTheCommands() {
    for (String command : new String[] {"check", "migrate"}) {
      cli.clear();

      assertThat(cli.run(command, "--database", JDBC_URL)).as(command).isEqualTo(1);
      assertThat(cli.err())
          .as(command)
          .contains("127.0.0.1:1")
          .contains("bob")
          .doesNotContain("S3cr3t");
    }
  }

  @Test
  void aPasswordHoldingASlashIsReadAndNeverEchoedByTheCommands() {
    for (String command : new String[] {"check", "migrate"}) {
      cli.clear();

      assertThat(cli.run(command, "--database", SLASH_URL)).as(command).isEqualTo(1);
      assertThat(cli.err())
          .as(command)
          .contains("127.0.0.1:1")
          .doesNotContain("has no host")
          .doesNotContain("Sl4sh")
          .doesNotContain("ed@");
    }
  }

  @Test
  void theServicesStartUpLogNamesNeitherPassword() throws Exception {
    for (String url : new String[] {JDBC_URL, SLASH_URL}) {
      try (ServiceProcess service = ServiceProcess.start("serve", url, Map.of())) {

        assertThat(service.awaitExit(Duration.ofMinutes(1))).as(url).isEqualTo(1);
        assertThat(service.output())
            .as(url)
            .contains("cannot open the database")
            .doesNotContain("S3cr3t")
            .doesNotContain("Sl4sh");
      }
    }
  }
}
