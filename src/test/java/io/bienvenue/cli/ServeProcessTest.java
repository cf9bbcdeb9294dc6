package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.MainClassPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void sigtermDuringABurstFinishesEveryRequestInFlightAndExitsZero() throws Exception {
    int port = freePort();
    Path file = folder.resolve("graceful.db");
    Process process =
        serve(
            Map.of(
                "BIENVENUE_PORT",
                Integer.toString(port),
                "BIENVENUE_DATABASE",
                file.toString(),
                "BIENVENUE_BCRYPT_COST",
                "12",
                "BIENVENUE_ADMIN_PORT",
                "0"));
    waitForLine(process, "listening on");
    ExecutorService burst = Executors.newFixedThreadPool(8);
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      int n = i;
      outcomes.add(burst.submit(() -> RawHttp.register(port, "burst" + n + "@example.org")));
    }
    // At cost 12 each registration holds a core for a third of a second: half a second in, the
    // first eight are read and waiting for bcrypt, and none is between connecting and sending.
    Thread.sleep(500);
    process.destroy(); // SIGTERM
    burst.shutdown();
    assertThat(burst.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();

    List<String> results = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      results.add(outcome.get());
    }
    assertThat(process.exitValue()).as("exit status after SIGTERM").isZero();
    assertThat(results)
        .as("every request got a whole answer, or was refused at connect once stopping began")
        .allMatch(r -> r.equals("200") || r.equals("refused"));
    long answered = results.stream().filter("200"::equals).count();
    assertThat(answered).as("the requests in flight at SIGTERM were finished").isPositive();
    try (Database database = Database.open(file.toString(), 1)) {
      long stored =
          database
              .jdbi()
              .withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
      assertThat(stored).as("exactly the answered registrations are stored").isEqualTo(answered);
    }
  }

  @Test
  void jsonLogsAreOneObjectPerLineWithTheRequestId() throws Exception {
    int port = freePort();
    Process process =
        serve(
            Map.of(
                "BIENVENUE_PORT",
                Integer.toString(port),
                "BIENVENUE_DATABASE",
                folder.resolve("json.db").toString(),
                "BIENVENUE_LOG_FORMAT",
                "json",
                "BIENVENUE_ADMIN_PORT",
                "0"));
    try {
      String listening = waitForLine(process, "listening on");
      new ApiClient("http://127.0.0.1:" + port).get("/", "X-Request-Id", "trace-me-42");
      String access = waitForLine(process, "trace-me-42");

      ObjectMapper json = new ObjectMapper();
      assertThat(json.readTree(listening).get("message").asText()).contains("listening on");
      assertThat(json.readTree(listening).get("level").asText()).isEqualTo("INFO");
      assertThat(json.readTree(access).get("request_id").asText()).isEqualTo("trace-me-42");
      assertThat(json.readTree(access).get("message").asText()).startsWith("GET / 200");
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
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
                MainClassPath.withoutTests(),
                "io.bienvenue.Main",
                "serve")
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static final Map<Process, ProcessOutput> OUTPUTS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Returns the first line of the process's output containing {@code marker}, within a minute. */
  private static String waitForLine(Process process, String marker) throws InterruptedException {
    return OUTPUTS.computeIfAbsent(process, ProcessOutput::new).await(marker);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
