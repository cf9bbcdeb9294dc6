package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.hostile.HostileCases.Case;
import io.bienvenue.hostile.HostileCases.Fixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input over the real server on a random port: every row of {@link HostileCases} is
 * answered within {@link #LIMIT} with a 4xx (never a 5xx) and a JSON {@code message}, protocol
 * garbage that Jetty refuses itself included; after each, the service still answers and the
 * victim's session still works; after all of them, the victim logs in with its password and its
 * profile is unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class HostileInputTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VICTIM = "victim@example.org";
  private static final String VICTIM_PASSWORD = "the victim's password";
  private static final String MALLORY = "mallory@example.org";
  private static final String BYSTANDER = "bystander@example.org";

  // Every failed login of the run comes from one address: room enough for all of them, and the
  // victim's own login at the end must not be throttled.
  @RegisterExtension
  static final ServiceFixture service =
      ServiceFixture.development()
          .with(
              config ->
                  config.throttle(new ThrottlePolicy(1_000, 100_000, 100, Duration.ofMinutes(15))));

  private final ApiClient api = service.api();

  private Fixture fixture;

  @BeforeAll
  void start() {
    ok(api.postForm("/users", Map.of("email", VICTIM, "password", VICTIM_PASSWORD)));
    String victimSession =
        ok(api.postForm("/sessions", Map.of("email", VICTIM, "password", VICTIM_PASSWORD)))
            .sessionId();

    ok(api.postForm("/users", Map.of("email", MALLORY, "password", "m1")));
    String used = resetToken(MALLORY);
    ok(
        api.sendForm(
            "PUT",
            "/reset_password",
            Map.of("email", MALLORY, "reset_token", used, "new_password", "m2")));
    String ended =
        ok(api.postForm("/sessions", Map.of("email", MALLORY, "password", "m2"))).sessionId();
    assertThat(api.delete("/sessions", ApiClient.session(ended)).status()).isEqualTo(302);
    String live =
        ok(api.postForm("/sessions", Map.of("email", MALLORY, "password", "m2"))).sessionId();
    String victimSessionId =
        ok(api.get("/sessions", ApiClient.session(victimSession)))
            .json()
            .path("sessions")
            .get(0)
            .path("id")
            .asText();
    fixture =
        new Fixture(
            VICTIM,
            VICTIM_PASSWORD,
            victimSession,
            victimSessionId,
            MALLORY,
            live,
            ended,
            resetToken(MALLORY),
            used,
            bystanderSession());
  }

  @AfterAll
  void victimIsUntouched() {
    assertThat(api.get("/").body()).isEqualTo(Map.of("message", "Bienvenue"));
    assertThat(api.get("/profile", ApiClient.session(fixture.victimSession())).body())
        .as("the victim's session survived the run")
        .isEqualTo(Map.of("email", VICTIM));
    ApiClient.Reply login =
        api.postForm("/sessions", Map.of("email", VICTIM, "password", VICTIM_PASSWORD));
    assertThat(login.status()).as("the victim still logs in with its password").isEqualTo(200);
    assertThat(api.get("/profile", ApiClient.session(login.sessionId())).body())
        .isEqualTo(Map.of("email", VICTIM));
    assertThat(api.postForm("/sessions", Map.of("email", VICTIM, "password", "owned")).status())
        .as("no case set the victim's password")
        .isEqualTo(401);
    assertThat(api.postForm("/sessions", Map.of("email", MALLORY, "password", "m2")).status())
        .isEqualTo(200);
  }

  List<Case> cases() {
    return HostileCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithA4xxAndHarmsNoOne(Case hostile) throws IOException {
    long started = System.nanoTime();
    RawAnswer answer = RawHttp.exchange(service.port(), hostile.request().apply(fixture), LIMIT);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).as("answered in time").isLessThan(LIMIT);
    assertThat(answer.statusLine()).as("an HTTP/1.1 answer").startsWith("HTTP/1.1 ");
    assertThat(answer.status()).as("a 4xx: %s", answer).isBetween(400, 499);
    assertThat(answer.header("Content-Type")).as("%s", answer).startsWith("application/json");
    JsonNode body = jsonOrNull(answer);
    assertThat(body).as("a JSON object: %s", answer).isNotNull();
    assertThat(body.path("message").isTextual()).as("a message in %s", answer).isTrue();
    assertThat(api.get("/").status()).as("the service still answers").isEqualTo(200);
    assertThat(api.get("/profile", ApiClient.session(fixture.victimSession())).body())
        .as("the victim's session still works")
        .isEqualTo(Map.of("email", VICTIM));
  }

  private static JsonNode jsonOrNull(RawAnswer answer) {
    try {
      JsonNode node = JSON.readTree(answer.body());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A live session of an account no case must spare: the wrong passwords sent with it lock its
   * account out for a while, which is what the throttle is for.
   */
  private String bystanderSession() {
    Map<String, String> credentials = Map.of("email", BYSTANDER, "password", "b1");
    ok(api.postForm("/users", credentials));
    return ok(api.postForm("/sessions", credentials)).sessionId();
  }

  private String resetToken(String email) {
    return ok(api.postForm("/reset_password", Map.of("email", email)))
        .json()
        .get("reset_token")
        .asText();
  }

  private static ApiClient.Reply ok(ApiClient.Reply reply) {
    assertThat(reply.status()).as("%s", reply.raw().body()).isEqualTo(200);
    return reply;
  }
}
