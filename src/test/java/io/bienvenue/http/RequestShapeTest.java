package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests whose shape says one thing to a proxy and another to a parser: a method override header
 * (issue 21, point 7), a JSON body with more after its object.
 */
class RequestShapeTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  @BeforeEach
  void start() {
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void aMethodOverrideToDeleteIsRefusedAndTheAccountStays() {
    String token = logIn();

    Reply reply =
        api.sendForm(
            "POST",
            "/profile",
            Map.of("password", PASSWORD),
            "Cookie",
            "session_id=" + token,
            "X-HTTP-Method-Override",
            "DELETE");

    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
    assertThat(reply.body())
        .isEqualTo(Map.of("message", "the X-HTTP-Method-Override header is not supported"));
    assertThat(api.get("/profile", session(token)).body())
        .as("the session, and so the account, still exists")
        .isEqualTo(Map.of("email", EMAIL));
    assertThat(api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "PUT", "delete", ""})
  void theOverrideHeaderIsRefusedWhateverItNamesAndOnEveryMethod(String override) {
    assertThat(api.get("/", "X-HTTP-Method-Override", override).status()).isEqualTo(400);
    assertThat(api.post("/users", "X-HTTP-Method-Override", override).status()).isEqualTo(400);
    assertThat(api.get("/ui/nothing", "X-HTTP-Method-Override", override).status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"email\":\"ada@example.org\",\"password\":\"pwd\"} trailing",
        "{\"email\":\"ada@example.org\",\"password\":\"pwd\"}{\"email\":\"eve@example.org\"}",
        "{\"email\":\"ada@example.org\",\"password\":\"pwd\"} 1",
        "{\"email\":\"ada@example.org\",\"password\":\"pwd\"} []",
        "{\"email\":\"ada@example.org\",\"password\":\"pwd\"}}"
      })
  void aJsonBodyWithTextAfterItsObjectIsA400(String body) {
    Reply reply = api.sendJson("POST", "/sessions", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo(Map.of("message", "the JSON body is malformed"));
    assertThat(reply.headers("Set-Cookie")).as("no session was made").isEmpty();
  }

  @Test
  void aJsonObjectFollowedByWhitespaceIsStillAccepted() {
    Reply reply =
        api.sendJson(
            "POST", "/sessions", "{\"email\":\"ada@example.org\",\"password\":\"pwd\"} \r\n\t");

    assertThat(reply.status()).isEqualTo(200);
  }

  private String logIn() {
    Reply login = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.sessionId();
  }
}
