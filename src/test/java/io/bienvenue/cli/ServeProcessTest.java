package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bienvenue serve} as its own process, configured by environment variables alone. */
class ServeProcessTest {

  private static final Duration LINE_WAIT = Duration.ofMinutes(1);

  @TempDir Path folder;

  @Test
  void serveReadsItsSettingsFromTheEnvironment() throws Exception {
    int port = ServiceProcess.freePort();
    Path database = folder.resolve("env.db");
    try (ServiceProcess service =
        serve(database, Map.of("BIENVENUE_PORT", Integer.toString(port)))) {
      String line = service.awaitLine("listening on", LINE_WAIT);

      assertThat(line).contains("http://127.0.0.1:" + port);
      ApiClient api = new ApiClient("http://127.0.0.1:" + port);
      assertThat(
              api.postForm("/users", Map.of("email", "env@example.org", "password", "x")).status())
          .isEqualTo(200);
      assertThat(database).exists();
      service.stop();
    }
  }

  @Test
  void everyRegistrationThatGotA200SurvivesAKillDashNine() throws Exception {
    Path database = folder.resolve("durable.db");
    int acknowledged = 0;
    try (ServiceProcess service = serve(database, Map.of())) {
      service.awaitListening(LINE_WAIT);
      ApiClient api = service.client();
      for (int i = 0; i < 40; i++) {
        var reply =
            api.postForm("/users", Map.of("email", "u" + i + "@example.org", "password", "x"));
        assertThat(reply.status()).isEqualTo(200);
        acknowledged++;
      }
      service.kill();
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
    Path file = folder.resolve("graceful.db");
    int adminPort = ServiceProcess.freePort();
    try (ServiceProcess service =
        serve(
            file,
            Map.of(
                "BIENVENUE_BCRYPT_COST",
                "12",
                "BIENVENUE_ADMIN_PORT",
                Integer.toString(adminPort)))) {
      int port = service.awaitListening(LINE_WAIT);
      ExecutorService burst = Executors.newFixedThreadPool(8);
      List<Future<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int n = i;
        outcomes.add(burst.submit(() -> register(port, "burst" + n + "@example.org")));
      }
      // At cost 12 each registration holds a core for a quarter of a second or more: once six
      // wait in the hashing queue (two more are hashing), the first eight are read and in flight.
      awaitHashingQueue(adminPort, 6);
      service.terminate();
      burst.shutdown();
      assertThat(burst.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      int status = service.awaitExit(Duration.ofSeconds(30));

      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get());
      }
      assertThat(status).as("exit status after SIGTERM").isZero();
      assertThat(results)
          .as("every request got a whole answer, or was refused at connect once stopping began")
          .allMatch(r -> r.equals("200") || r.equals("refused"));
      long answered = results.stream().filter("200"::equals).count();
      assertThat(answered).as("the requests in flight at SIGTERM were finished").isPositive();
      try (Database database = Database.open(file.toString(), 1)) {
        long stored =
            database
                .jdbi()
                .withHandle(
                    h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
        assertThat(stored).as("exactly the answered registrations are stored").isEqualTo(answered);
      }
    }
  }

  @Test
  void jsonLogsAreOneObjectPerLineWithTheRequestId() throws Exception {
    try (ServiceProcess service =
        serve(folder.resolve("json.db"), Map.of("BIENVENUE_LOG_FORMAT", "json"))) {
      String listening = service.awaitLine("listening on", LINE_WAIT);
      service.client().get("/", "X-Request-Id", "trace-me-42");
      String access = service.awaitLine("trace-me-42", LINE_WAIT);

      ObjectMapper json = new ObjectMapper();
      assertThat(json.readTree(listening).get("message").asText()).contains("listening on");
      assertThat(json.readTree(listening).get("level").asText()).isEqualTo("INFO");
      assertThat(json.readTree(access).get("request_id").asText()).isEqualTo("trace-me-42");
      assertThat(json.readTree(access).get("message").asText()).startsWith("GET / 200");
      JsonNode fields = json.readTree(access);
      assertThat(fields.get("method").asText()).isEqualTo("GET");
      assertThat(fields.get("route").asText()).isEqualTo("/");
      assertThat(fields.get("status").asInt()).isEqualTo(200);
      assertThat(fields.get("duration_ms").isNumber()).isTrue();
      assertThat(fields.get("client").asText()).isEqualTo("127.0.0.1");

      service
          .client()
          .postForm("/users", Map.of("email", "ada@example.org", "password", "pwd-of-ada"));
      JsonNode audit = json.readTree(service.awaitLine("event=registered", LINE_WAIT));
      assertThat(audit.get("event").asText()).isEqualTo("registered");
      assertThat(audit.get("user_id").asLong()).isPositive();
      assertThat(audit.get("message").asText()).isEqualTo("event=registered user_id=1");
      service.stop();
    }
  }

  @Test
  void duringTheShutdownDelayReadinessIsFalseAndTheListenerStillServes() throws Exception {
    int adminPort = ServiceProcess.freePort();
    try (ServiceProcess service =
        serve(
            folder.resolve("delay.db"),
            Map.of(
                "BIENVENUE_SHUTDOWN_DELAY",
                "3s",
                "BIENVENUE_ADMIN_PORT",
                Integer.toString(adminPort)))) {
      int port = service.awaitListening(LINE_WAIT);
      assertThat(adminStatus(adminPort, "/health/ready")).isEqualTo(200);

      service.terminate();
      long readinessTurned = System.nanoTime() + LINE_WAIT.toNanos();
      while (adminStatus(adminPort, "/health/ready") == 200
          && System.nanoTime() < readinessTurned) {
        Thread.sleep(20);
      }

      assertThat(adminStatus(adminPort, "/health/ready"))
          .as("not ready once stopping")
          .isEqualTo(503);
      assertThat(service.isAlive()).isTrue();
      assertThat(
              RawHttp.exchange(
                      port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .status())
          .as("the listener still answers during the delay")
          .isEqualTo(200);
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  /** The status {@code path} of the admin listener answers, or -1 if it refuses the connection. */
  private static int adminStatus(int adminPort, String path) throws Exception {
    try {
      return RawHttp.exchange(
              adminPort,
              "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .status();
    } catch (ConnectException refused) {
      return -1;
    }
  }

  @Test
  void anAdminListenerBeyondLoopbackIsWarnedAbout() throws Exception {
    try (ServiceProcess service =
        serve(folder.resolve("admin.db"), Map.of("BIENVENUE_ADMIN_HOST", "0.0.0.0"))) {
      String warning = service.awaitLine("admin listener on 0.0.0.0", LINE_WAIT);

      assertThat(warning).contains("WARN").contains("reachable from other machines");
      service.stop();
    }
    try (ServiceProcess service = serve(folder.resolve("loopback.db"), Map.of())) {
      service.awaitLine("web pages at", LINE_WAIT);
      assertThat(service.output()).doesNotContain("reachable from other machines");
      service.stop();
    }
  }

  /**
   * {@code java -jar bienvenue.jar serve} without the launcher's extracted library: sqlite-jdbc
   * copies its native library into its temporary directory, and a stop by SIGTERM (a halt, which
   * skips delete-on-exit) used to leave the 1.1 MB copy and its {@code .lck} there each time.
   */
  @Test
  void aStopBySigtermLeavesNoCopyOfTheSqliteLibraryBehind() throws Exception {
    Path copies = Files.createDirectories(folder.resolve("native-copies"));
    try (ServiceProcess service =
        ServiceProcess.start(
            "native",
            folder.resolve("native.db").toString(),
            Map.of(),
            List.of("-Dorg.sqlite.tmpdir=" + copies))) {
      service.awaitListening(LINE_WAIT);
      assertThat(filesUnder(copies))
          .as("the running service's copy of the library")
          .anyMatch(name -> name.endsWith("libsqlitejdbc.so") || name.contains("sqlitejdbc"));

      assertThat(service.stop()).isZero();
    }

    assertThat(filesUnder(copies)).as("left behind after SIGTERM").isEmpty();
  }

  private static List<String> filesUnder(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
    }
  }

  @Test
  void anInvalidEnvironmentValueStopsStartWithOneLine() throws Exception {
    try (ServiceProcess service =
        serve(folder.resolve("bad.db"), Map.of("BIENVENUE_BCRYPT_COST", "99"))) {

      assertThat(service.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(service.output()).contains("--bcrypt-cost").doesNotContain("Exception");
    }
  }

  /**
   * Starts {@code bienvenue serve} on {@code database}, with {@code settings} in its environment.
   */
  @Test
  void anOperatorsLogbackFileReplacesTheBuiltInFormats() throws Exception {
    Path configuration = folder.resolve("logback.xml");
    Files.writeString(
        configuration,
        """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>OPERATOR %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    try (ServiceProcess service =
        ServiceProcess.start(
            "serve",
            folder.resolve("operator-log.db").toString(),
            Map.of("BIENVENUE_LOG_FORMAT", "json"),
            List.of("-Dlogback.configurationFile=" + configuration))) {

      assertThat(service.awaitLine("listening on", LINE_WAIT)).startsWith("OPERATOR Bienvenue");
    }
  }

  /**
   * Registers {@code email} on a connection of its own and returns the status code, {@code refused}
   * when the connection was refused (the server had stopped accepting), or {@code broken: ...} when
   * the answer was cut short (the server dropped a request it had taken).
   */
  private static String register(int port, String email) {
    String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=pw";
    String request =
        "POST /users HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    try {
      RawAnswer answer = RawHttp.exchange(port, request, Duration.ofSeconds(30));
      return answer.body().contains("}")
          ? Integer.toString(answer.status())
          : "broken: no JSON body";
    } catch (ConnectException refused) {
      return "refused";
    } catch (IOException | AssertionError cutShort) {
      return "broken: " + cutShort;
    }
  }

  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  /** Polls the admin listener's metrics until at least {@code size} hashes wait, for a minute. */
  private static void awaitHashingQueue(int adminPort, int size) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest metrics =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build();
    Pattern queue = Pattern.compile("(?m)^bienvenue_bcrypt_queue\\S* ([0-9.]+)$");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    double seen = 0;
    while (System.nanoTime() < deadline) {
      Matcher found = queue.matcher(client.send(metrics, BodyHandlers.ofString()).body());
      seen = found.find() ? Double.parseDouble(found.group(1)) : 0;
      if (seen >= size) {
        return;
      }
      Thread.sleep(POLL_INTERVAL.toMillis()); // a poll interval, leaving the cores to bcrypt
    }
    throw new AssertionError("the hashing queue never reached " + size + " (last " + seen + ")");
  }

  private static ServiceProcess serve(Path database, Map<String, String> settings)
      throws IOException {
    return ServiceProcess.start("serve", database.toString(), settings);
  }
}
