package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ServiceFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /sessions} and {@code DELETE /sessions/{id}} over the real server. */
class MySessionsHttpTest {

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();
  private final MutableClock clock = service.clock();

  @BeforeEach
  void start() {
    register("ada@example.org");
    register("bob@example.org");
  }

  @Test
  void getSessionsListsTheCallersSessionsWithTheirOrigin() {
    String laptop = logIn("ada@example.org", "Firefox/140");
    String phone = logIn("ada@example.org", "Safari/18");
    logIn("bob@example.org", "curl/8");

    Reply reply = api.get("/sessions", "Cookie", "session_id=" + phone);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode sessions = reply.json().path("sessions");
    assertThat(sessions).hasSize(2);
    JsonNode current = sessions.get(0);
    assertThat(current.path("current").asBoolean()).isTrue();
    assertThat(current.path("user_agent").asText()).isEqualTo("Safari/18");
    assertThat(current.path("client_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(current.path("created_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(current.path("last_used_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(sessions.get(1).path("current").asBoolean()).isFalse();
    assertThat(sessions.get(1).path("user_agent").asText()).isEqualTo("Firefox/140");
    assertThat(reply.raw().body()).doesNotContain(laptop).doesNotContain(phone);
  }

  @Test
  void getSessionsNeedsALiveSession() {
    Reply none = api.get("/sessions");
    Reply forged = api.get("/sessions", session("A".repeat(43)));

    assertThat(none.status()).isEqualTo(403);
    assertThat(none.body()).isEqualTo(Map.of("message", "no valid session"));
    assertThat(forged.status()).isEqualTo(403);
  }

  @Test
  void deleteSessionsIdEndsThatSessionWhichIsThenRefused() {
    String laptop = logIn("ada@example.org", "Firefox/140");
    String phone = logIn("ada@example.org", "Safari/18");
    String phoneId = currentId(phone);

    Reply ended = api.delete("/sessions/" + phoneId, session(laptop));

    assertThat(ended.status()).isEqualTo(200);
    assertThat(ended.body()).isEqualTo(Map.of("message", "session ended"));
    assertThat(api.get("/profile", session(phone)).status()).isEqualTo(403);
    assertThat(api.get("/profile", session(laptop)).status()).isEqualTo(200);
    Reply again = api.delete("/sessions/" + phoneId, session(laptop));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).isEqualTo(Map.of("message", "no such session"));
  }

  @Test
  void anotherUsersSessionIdIs404AndThatSessionLives() {
    String ada = logIn("ada@example.org", "a");
    String bob = logIn("bob@example.org", "b");

    Reply reply = api.delete("/sessions/" + currentId(bob), session(ada));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.body()).isEqualTo(Map.of("message", "no such session"));
    assertThat(api.get("/profile", session(bob)).status()).isEqualTo(200);
  }

  @Test
  void anUnknownOrMalformedIdIs404AndNoSessionIs403() {
    String ada = logIn("ada@example.org", "a");

    assertThat(api.delete("/sessions/AAAAAAAAAAAAAAAAAAAAAA", session(ada)).status())
        .isEqualTo(404);
    assertThat(api.delete("/sessions/%27%20OR%201%3D1", session(ada)).status()).isEqualTo(404);
    assertThat(api.delete("/sessions/" + currentId(ada)).status()).isEqualTo(403);
    assertThat(api.get("/profile", session(ada)).status()).isEqualTo(200);
  }

  @Test
  void deleteSessionsStillLogsOutWithARedirect() {
    String ada = logIn("ada@example.org", "a");

    Reply reply = api.delete("/sessions", session(ada));

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains("/");
    assertThat(api.get("/sessions", session(ada)).status()).isEqualTo(403);
  }

  private void register(String email) {
    assertThat(api.postForm("/users", Map.of("email", email, "password", "pwd")).status())
        .isEqualTo(200);
  }

  private String logIn(String email, String userAgent) {
    Reply reply =
        api.postForm(
            "/sessions", Map.of("email", email, "password", "pwd"), "User-Agent", userAgent);
    assertThat(reply.status()).isEqualTo(200);
    return reply.sessionId();
  }

  private String currentId(String token) {
    for (JsonNode entry : api.get("/sessions", session(token)).json().path("sessions")) {
      if (entry.path("current").asBoolean()) {
        return entry.path("id").asText();
      }
    }
    throw new AssertionError("no current session");
  }
}
