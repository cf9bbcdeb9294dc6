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

/**
 * A session without a browser over the real server: {@code POST /sessions/token} and {@code
 * Authorization: Bearer}, the same secret as the cookie.
 */
class BearerSessionHttpTest {

  private static final Map<String, String> ADA =
      Map.of("email", "ada@example.org", "password", "pwd");

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  @BeforeEach
  void register() {
    api.postForm("/users", ADA);
    api.postForm("/users", Map.of("email", "bob@example.org", "password", "pwd"));
  }

  @Test
  void aTokenLoginAnswersWithTheTokenInTheBodyAndSetsNoCookie() {
    Reply login = api.postForm("/sessions/token", ADA);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().path("email").asText()).isEqualTo("ada@example.org");
    assertThat(login.json().path("message").asText()).isEqualTo("logged in");
    assertThat(login.json().path("session_token").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(login.json().path("expires_in").asLong()).isEqualTo(12 * 3600);
    assertThat(login.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void theCookieLoginsAnswerIsTheOriginalsStill() {
    Reply login = api.postForm("/sessions", ADA);

    assertThat(login.body()).isEqualTo(Map.of("email", "ada@example.org", "message", "logged in"));
    assertThat(login.sessionId()).isNotEmpty();
  }

  @Test
  void theBearerTokenIsAcceptedWhereverTheCookieIsUntilLogout() {
    String[] bearer = bearer(token());

    assertThat(api.get("/profile", bearer).body()).isEqualTo(Map.of("email", "ada@example.org"));
    assertThat(api.get("/sessions", bearer).json().path("sessions")).hasSize(1);
    assertThat(api.get("/profile/totp", bearer).status()).isEqualTo(200);
    assertThat(api.get("/sessions/whoami", bearer).status()).isEqualTo(200);
    assertThat(api.delete("/sessions", bearer).status()).isEqualTo(302);
    assertThat(api.get("/profile", bearer).status()).isEqualTo(403);
    assertThat(api.get("/sessions/whoami", bearer).status()).isEqualTo(401);
  }

  @Test
  void aCookieSessionIsAlsoABearerTokenForTheSameSession() {
    String cookieToken = api.postForm("/sessions", ADA).sessionId();

    assertThat(api.get("/profile", bearer(cookieToken)).status()).isEqualTo(200);
    assertThat(api.get("/profile", withBoth(cookieToken, cookieToken)).status()).isEqualTo(200);
  }

  @Test
  void twoDifferentTokensNameNoSession() {
    String adas = token();
    String bobs =
        api.postForm("/sessions/token", Map.of("email", "bob@example.org", "password", "pwd"))
            .json()
            .path("session_token")
            .asText();

    assertThat(api.get("/profile", withBoth(adas, bobs)).status()).isEqualTo(403);
    assertThat(
            api.get(
                    "/profile",
                    "Authorization",
                    "Bearer " + adas,
                    "Authorization",
                    "Bearer " + bobs)
                .status())
        .isEqualTo(403);
    assertThat(api.get("/sessions/whoami", withBoth(adas, bobs)).status()).isEqualTo(401);
  }

  @Test
  void anAuthorizationOfAnotherSchemeIsTheAppsAndLeavesTheCookieInCharge() {
    String cookieToken = api.postForm("/sessions", ADA).sessionId();

    Reply reply =
        api.get(
            "/profile",
            "Authorization",
            "Basic YWRhOnB3ZA==",
            "Cookie",
            "session_id=" + cookieToken);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(api.get("/profile", "Authorization", "Basic YWRhOnB3ZA==").status()).isEqualTo(403);
  }

  @Test
  void tokenLoginsCountInTheSameThrottleAsCookieLogins() {
    Map<String, String> wrong = Map.of("email", "ada@example.org", "password", "wrong");
    for (int i = 0; i < 10; i++) {
      assertThat(api.postForm("/sessions/token", wrong).status()).isEqualTo(401);
    }

    assertThat(api.postForm("/sessions", ADA).status()).isEqualTo(429);
    assertThat(api.postForm("/sessions/token", ADA).status()).isEqualTo(429);
  }

  private String token() {
    return api.postForm("/sessions/token", ADA).json().path("session_token").asText();
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static String[] withBoth(String bearerToken, String cookieToken) {
    String[] cookie = session(cookieToken);
    return new String[] {"Authorization", "Bearer " + bearerToken, cookie[0], cookie[1]};
  }
}
