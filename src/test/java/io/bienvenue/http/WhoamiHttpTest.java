package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ServiceFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /sessions/whoami} over the real server: who is logged in, for apps and proxies. */
class WhoamiHttpTest {

  private static final String PUBLIC_ID = "[0-9a-f]{32}";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();
  private final MutableClock clock = service.clock();

  @BeforeEach
  void register() {
    api.postForm("/users", Map.of("email", "ada@example.org", "password", "pwd"));
    api.postForm("/users", Map.of("email", "bob@example.org", "password", "pwd"));
  }

  @Test
  void aLiveSessionIsTheUserAndTheSessionAsJsonAndAsHeaders() {
    String token = logIn("ada@example.org", null).sessionId();
    String listedId = api.get("/sessions", session(token)).json().at("/sessions/0/id").asText();

    Reply reply = api.get("/sessions/whoami", session(token));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode user = reply.json().path("user");
    JsonNode session = reply.json().path("session");
    assertThat(user.path("id").asText()).matches(PUBLIC_ID);
    assertThat(user.path("email").asText()).isEqualTo("ada@example.org");
    assertThat(user.path("email_verified").asBoolean()).isTrue();
    assertThat(user.path("created_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(user.path("two_factor").asBoolean()).isFalse();
    assertThat(session.path("id").asText()).isEqualTo(listedId);
    assertThat(session.path("created_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(session.path("expires_at").asText())
        .isEqualTo(clock.instant().plus(Duration.ofHours(12)).toString());
    assertThat(session.path("idle_expires_at").asText())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)).toString());
    assertThat(session.path("amr")).hasSize(1);
    assertThat(session.path("amr").get(0).asText()).isEqualTo("pwd");
    assertThat(reply.header("X-Bienvenue-User-Id")).contains(user.path("id").asText());
    assertThat(reply.header("X-Bienvenue-Email")).contains("ada@example.org");
    assertThat(reply.header("X-Bienvenue-Session-Id")).contains(listedId);
    assertThat(reply.raw().body()).doesNotContain(token);
  }

  @Test
  void theUserIdIsTheSameInEverySessionOfTheUserAndAnotherForAnotherUser() {
    String laptop = logIn("ada@example.org", null).sessionId();
    String phone = logIn("ada@example.org", null).sessionId();
    String bobs = logIn("bob@example.org", null).sessionId();

    String adaOnLaptop = userId(laptop);

    assertThat(userId(phone)).isEqualTo(adaOnLaptop);
    assertThat(userId(bobs)).matches(PUBLIC_ID).isNotEqualTo(adaOnLaptop);
    assertThat(sessionId(phone)).isNotEqualTo(sessionId(laptop));
  }

  @Test
  void withoutALiveSessionItIsA401AndSaysNothingOfAnyone() {
    String token = logIn("ada@example.org", null).sessionId();
    String ended = logIn("ada@example.org", null).sessionId();
    api.delete("/sessions", session(ended));

    for (Reply refused :
        new Reply[] {
          api.get("/sessions/whoami"),
          api.get("/sessions/whoami", session("A".repeat(43))),
          api.get("/sessions/whoami", session(ended)),
          api.get("/sessions/whoami", "Cookie", "session_id=" + token + "; session_id=" + ended)
        }) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body()).isEqualTo(Map.of("message", "no valid session"));
      assertThat(refused.header("X-Bienvenue-User-Id")).isEmpty();
      assertThat(refused.header("X-Bienvenue-Email")).isEmpty();
    }
  }

  @Test
  void itCountsAsAUseOfTheSessionForItsIdleTimeoutAsTheProfileDoes() {
    String token = logIn("ada@example.org", null).sessionId();

    clock.advance(Duration.ofMinutes(20));
    Instant firstUse = clock.instant();
    Reply first = api.get("/sessions/whoami", session(token));
    clock.advance(Duration.ofMinutes(20));
    Reply second = api.get("/sessions/whoami", session(token));
    clock.advance(Duration.ofMinutes(31));
    Reply idle = api.get("/sessions/whoami", session(token));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().at("/session/idle_expires_at").asText())
        .isEqualTo(firstUse.plus(Duration.ofMinutes(30)).toString());
    assertThat(second.status()).as("40 minutes after login, 20 after its last use").isEqualTo(200);
    assertThat(idle.status()).as("31 minutes unused").isEqualTo(401);
    assertThat(api.get("/profile", session(token)).status()).isEqualTo(403);
  }

  @Test
  void aLoginWithASecondFactorSaysSo() {
    String token = logIn("ada@example.org", null).sessionId();
    String secret =
        api.postForm("/profile/totp", Map.of("password", "pwd"), session(token))
            .json()
            .path("secret")
            .asText();
    api.sendForm(
        "PUT",
        "/profile/totp",
        Map.of("code", Authenticator.code(secret, clock.instant())),
        session(token));
    clock.advance(Authenticator.STEP);

    String withCode =
        logIn("ada@example.org", Authenticator.code(secret, clock.instant())).sessionId();
    JsonNode whoami = api.get("/sessions/whoami", session(withCode)).json();

    assertThat(whoami.at("/user/two_factor").asBoolean()).isTrue();
    assertThat(whoami.at("/session/amr")).hasSize(2);
    assertThat(whoami.at("/session/amr/0").asText()).isEqualTo("pwd");
    assertThat(whoami.at("/session/amr/1").asText()).isEqualTo("otp");
  }

  @Test
  void itAnswersTheRequestNginxAuthRequestMakes() {
    String token = logIn("ada@example.org", null).sessionId();

    Reply reply =
        api.get(
            "/sessions/whoami",
            "Cookie",
            "session_id=" + token,
            "X-Original-URI",
            "/app/reports?year=2026",
            "X-Original-Method",
            "POST",
            "X-Forwarded-For",
            "203.0.113.9",
            "Accept",
            "text/html");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("X-Bienvenue-Email")).contains("ada@example.org");
  }

  private Reply logIn(String email, String otp) {
    Map<String, String> fields =
        otp == null
            ? Map.of("email", email, "password", "pwd")
            : Map.of("email", email, "password", "pwd", "otp", otp);
    Reply reply = api.postForm("/sessions", fields);
    assertThat(reply.status()).as("%s", reply.raw().body()).isEqualTo(200);
    return reply;
  }

  private String userId(String token) {
    return api.get("/sessions/whoami", session(token)).json().at("/user/id").asText();
  }

  private String sessionId(String token) {
    return api.get("/sessions/whoami", session(token)).json().at("/session/id").asText();
  }
}
