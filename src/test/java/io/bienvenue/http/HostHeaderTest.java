package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.config.Config;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.RunningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding (issue 22): a page whose name an attacker points at 127.0.0.1 reaches the service
 * with that name in {@code Host}, and its {@code Origin} and {@code Sec-Fetch-Site} look
 * same-origin. Only the public URL's host, the {@code --allowed-host} names and, in development,
 * the loopback names are answered; anything else is a 421 JSON, on the admin listener too.
 */
class HostHeaderTest {

  private static final String EMAIL = "ada@example.org";
  private static final String REBOUND = "rebind.attacker.example:5301";

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private RunningService running;
  private GreenMail smtp;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void theRebindingReplayGetsNoResetTokenInDevelopment() {
    start(development());
    register();

    RawAnswer answer = rebindingReplay();

    assertThat(answer.status()).as(answer.text()).isEqualTo(421);
    assertThat(answer.json().path("message").asText())
        .isEqualTo("this service does not answer for that host");
    assertThat(answer.text()).doesNotContain("reset_token");
  }

  @Test
  void theRebindingReplayIsRefusedInProduction() throws IOException {
    start(production(List.of()));

    RawAnswer answer = rebindingReplay();

    assertThat(answer.status()).as(answer.text()).isEqualTo(421);
    assertThat(answer.json().path("message").isTextual()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "localhost:5000",
        "LOCALHOST:1",
        "127.0.0.1:8080",
        "[::1]:9",
        "[::1]"
      })
  void developmentAnswersItsLoopbackNamesOnAnyPort(String host) {
    start(development());

    assertThat(send(get("/", host)).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rebind.attacker.example",
        "localhost.attacker.example",
        "127.0.0.1.nip.io",
        "10.0.0.1",
        "[::2]:5000"
      })
  void developmentRefusesAnyOtherName(String host) {
    start(development());

    assertThat(send(get("/", host)).status()).isEqualTo(421);
  }

  @Test
  void productionAnswersThePublicHostAndTheAllowedNamesOnly() throws IOException {
    start(production(List.of("bienvenue.internal")));

    assertThat(send(get("/", "auth.example.org")).status()).isEqualTo(200);
    assertThat(send(get("/", "Auth.Example.Org.:443")).status()).isEqualTo(200);
    assertThat(send(get("/", "bienvenue.internal:5000")).status()).isEqualTo(200);
    assertThat(send(get("/", "127.0.0.1")).status())
        .as("production has no loopback names unless they are allowed")
        .isEqualTo(421);
    assertThat(send(get("/", "localhost")).status()).isEqualTo(421);
    assertThat(send(get("/", "evil.example.org")).status()).isEqualTo(421);
  }

  @Test
  void http10WithoutHostIsAnsweredInBothModes() throws IOException {
    start(production(List.of()));
    assertThat(send("GET / HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
    running.close();
    running = null;

    start(development());
    assertThat(send("GET / HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
    assertThat(send("GET /profile HTTP/1.0\r\n\r\n").status())
        .as("and it goes on to the route, which refuses it as ever")
        .isEqualTo(403);
  }

  @Test
  void anAbsoluteTargetNamesTheHostAndTheHostHeaderMustBeAllowedToo() {
    start(development());
    int port = running.service.port();

    assertThat(
            send("GET http://rebind.attacker.example/ HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n")
                .status())
        .as("Jetty refuses a target whose authority is not the Host's (RFC 9112 3.2.2)")
        .isEqualTo(400);
    assertThat(send("GET http://rebind.attacker.example/ HTTP/1.0\r\n\r\n").status())
        .isEqualTo(421);
    assertThat(
            send("GET http://localhost:"
                    + port
                    + "/ HTTP/1.1\r\nHost: localhost:"
                    + port
                    + "\r\nConnection: close\r\n\r\n")
                .status())
        .isEqualTo(200);
    assertThat(
            send("GET http://localhost:"
                    + port
                    + "/ HTTP/1.1\r\nHost: "
                    + REBOUND
                    + "\r\nConnection: close\r\n\r\n")
                .status())
        .as("a rebound Host is refused whatever the target says")
        .isEqualTo(400);
    assertThat(
            send("GET http://"
                    + REBOUND
                    + "/ HTTP/1.1\r\nHost: "
                    + REBOUND
                    + "\r\nConnection: close\r\n\r\n")
                .status())
        .as("the target and Host agree on a rebound name")
        .isEqualTo(421);
  }

  @Test
  void theAdminListenerRefusesARereboundNameButAnswersAddresses() {
    start(development());
    int admin = running.service.adminPort();

    assertThat(send(admin, get("/metrics", REBOUND)).status()).isEqualTo(421);
    assertThat(send(admin, get("/metrics", REBOUND)).json().path("message").asText())
        .isEqualTo("this service does not answer for that host");
    assertThat(send(admin, get("/health/live", "127.0.0.1:" + admin)).status()).isEqualTo(200);
    assertThat(send(admin, get("/health/live", "10.1.2.3:" + admin)).status())
        .as("a probe that names the instance by its address")
        .isEqualTo(200);
    assertThat(send(admin, get("/health/live", "localhost")).status()).isEqualTo(200);
  }

  @Test
  void theAdminListenerAnswersLoopbackInProductionToo() throws IOException {
    start(production(List.of()));
    int admin = running.service.adminPort();

    assertThat(send(admin, get("/health/ready", "127.0.0.1:" + admin)).status()).isEqualTo(200);
    assertThat(send(admin, get("/health/ready", "localhost")).status()).isEqualTo(200);
    assertThat(send(admin, get("/metrics", REBOUND)).status()).isEqualTo(421);
  }

  // --- the service ------------------------------------------------------------------------------

  private Config development() {
    return ConfigBuilder.development(folder.resolve("dev.db").toString()).build();
  }

  private Config production(List<String> allowed) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return ConfigBuilder.from(ProductionConfigs.of(folder.resolve("production.db"), port))
        .allowedHosts(allowed)
        .build();
  }

  private void start(Config config) {
    running = new RunningService(config, clock);
  }

  private void register() {
    assertThat(running.client.postForm("/users", Map.of("email", EMAIL, "password", "pw")).status())
        .isEqualTo(200);
  }

  /** The review's request: a rebound name, with the Origin and Sec-Fetch-Site its page sends. */
  private RawAnswer rebindingReplay() {
    String body = "email=ada%40example.org";
    return send(
        "POST /reset_password HTTP/1.1\r\nHost: "
            + REBOUND
            + "\r\nOrigin: http://"
            + REBOUND
            + "\r\nSec-Fetch-Site: same-origin\r\nContent-Type:"
            + " application/x-www-form-urlencoded\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body);
  }

  private static String get(String path, String host) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  }

  private RawAnswer send(String request) {
    return send(running.service.port(), request);
  }

  /** Sends {@code request} on a connection of its own and reads the answer. */
  private static RawAnswer send(int port, String request) {
    try {
      return RawHttp.exchange(port, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
