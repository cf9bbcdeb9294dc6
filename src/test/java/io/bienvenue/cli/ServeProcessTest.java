package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bienvenue serve} as its own process, configured by environment variables alone. */
class ServeProcessTest {

  @TempDir Path folder;

  @Test
  void serveReadsItsSettingsFromTheEnvironment() throws Exception {
    int port = freePort();
    Path database = folder.resolve("env.db");
    Process process = serveOn(port, database);
    try {
      String line = waitForLine(process, "listening on");

      assertThat(line).contains("http://127.0.0.1:" + port);
      ApiClient api = new ApiClient("http://127.0.0.1:" + port);
      assertThat(
              api.postForm("/users", Map.of("email", "env@example.org", "password", "x")).status())
          .isEqualTo(200);
      assertThat(database).exists();
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void everyRegistrationThatGotA200SurvivesAKillDashNine() throws Exception {
    int port = freePort();
    Path database = folder.resolve("durable.db");
    Process process = serveOn(port, database);
    int acknowledged = 0;
    try {
      waitForLine(process, "listening on");
      ApiClient api = new ApiClient("http://127.0.0.1:" + port);
      for (int i = 0; i < 40; i++) {
        var reply =
            api.postForm("/users", Map.of("email", "u" + i + "@example.org", "password", "x"));
        assertThat(reply.status()).isEqualTo(200);
        acknowledged++;
      }
    } finally {
      process.destroyForcibly();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    try (Database reopened = Database.open(database.toString(), 1)) {
      long users =
          reopened
              .jdbi()
              .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
      String integrity =
          reopened
              .jdbi()
              .withHandle(h -> h.createQuery("PRAGMA integrity_check").mapTo(String.class).one());
      assertThat(users).isEqualTo(acknowledged);
      assertThat(integrity).isEqualTo("ok");
    }
  }

  @Test
  void anInvalidEnvironmentValueStopsStartWithOneLine() throws Exception {
    Process process =
        serve(
            Map.of(
                "BIENVENUE_BCRYPT_COST",
                "99",
                "BIENVENUE_DATABASE",
                folder.resolve("bad.db").toString()));

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output).contains("--bcrypt-cost").doesNotContain("Exception");
  }

  /** Starts the service on {@code port} and {@code database}, hashing at a fast cost. */
  private static Process serveOn(int port, Path database) throws IOException {
    return serve(
        Map.of(
            "BIENVENUE_PORT",
            Integer.toString(port),
            "BIENVENUE_DATABASE",
            database.toString(),
            "BIENVENUE_BCRYPT_COST",
            "4",
            "BIENVENUE_ADMIN_PORT",
            "0"));
  }

  /** Starts {@code bienvenue serve} as its own JVM with {@code environment} added. */
  private static Process serve(Map<String, String> environment) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // The service's own logging setup, not the quiet one of the tests.
                "-Dlogback.configurationFile=logback.xml",
                "io.bienvenue.Main",
                "serve")
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** Returns the first line of the process's output containing {@code marker}, within a minute. */
  private static String waitForLine(Process process, String marker) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<String> found =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  seen.append(line).append('\n');
                  if (line.contains(marker)) {
                    return line;
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              throw new AssertionError(
                  "the process ended before saying '" + marker + "':\n" + seen);
            });
    try {
      return found.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no '" + marker + "' within a minute:\n" + seen, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
