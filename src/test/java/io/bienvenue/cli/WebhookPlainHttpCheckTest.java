package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production rule on plain-http webhook endpoints as {@code bienvenue check} reports it: a
 * warning for each endpoint production will deliver nothing to, none for https nor for a host
 * allowed by {@code --webhook-allow-http-host}, and none in development.
 */
class WebhookPlainHttpCheckTest {

  private final Cli cli = new Cli();
  @TempDir Path folder;
  private String database;
  private Path keyFile;

  @BeforeEach
  void endpoints() throws Exception {
    database = folder.resolve("service.db").toString();
    keyFile = folder.resolve("secrets.key");
    Files.writeString(keyFile, TestSecrets.KEY + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    for (String url :
        List.of(
            "http://plain.example/hook",
            "https://secure.example/hook",
            "http://receiver.internal:8080/hook")) {
      assertThat(
              cli.run(
                  "webhook",
                  "add",
                  "--url",
                  url,
                  "--database",
                  database,
                  "--secrets-key-file",
                  keyFile.toString()))
          .as(cli.err())
          .isZero();
    }
  }

  private int check(String... more) {
    cli.clear();
    List<String> line =
        new ArrayList<>(
            List.of(
                "check",
                "--production",
                "--secrets-key-file",
                keyFile.toString(),
                "--database",
                database,
                "--public-url",
                "https://auth.example.org",
                "--smtp-host",
                "127.0.0.1",
                "--smtp-port",
                "1",
                "--smtp-tls",
                "none",
                "--mail-from",
                "noreply@example.org"));
    line.addAll(List.of(more));
    return cli.run(line.toArray(String[]::new));
  }

  @Test
  void productionWarnsOfEachPlainHttpEndpointWhoseHostIsNotAllowed() throws Exception {
    check("--webhook-allow-http-host", "Receiver.Internal");

    assertThat(cli.out().lines().filter(l -> l.startsWith("webhooks: warning:")))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("plain http is refused in production")
                    .contains("--webhook-allow-http-host plain.example"));

    check();
    assertThat(cli.out().lines().filter(l -> l.startsWith("webhooks: warning:"))).hasSize(2);
  }

  @Test
  void developmentDeliversToAnyAndWarnsOfNone() {
    cli.clear();
    assertThat(cli.run("check", "--database", database)).as(cli.err()).isZero();

    assertThat(cli.out()).doesNotContain("webhooks: warning");
  }
}
