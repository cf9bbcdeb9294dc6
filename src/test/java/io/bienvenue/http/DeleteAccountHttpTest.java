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

/** {@code DELETE /profile} over the real server. */
class DeleteAccountHttpTest {

  private static final String EMAIL = "ada@example.org";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  @BeforeEach
  void start() {
    assertThat(register().status()).isEqualTo(200);
  }

  @Test
  void deletingTheAccountEndsItsSessionsClearsTheCookieAndFreesTheEmail() {
    String laptop = logIn();
    String phone = logIn();

    Reply reply = delete(laptop, "pwd");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(Map.of("message", "account deleted"));
    assertThat(reply.sessionCookieHeader())
        .startsWith("session_id=;")
        .contains("Expires=Thu, 01 Jan 1970");
    assertThat(api.get("/profile", session(laptop)).status()).isEqualTo(403);
    assertThat(api.get("/profile", session(phone)).status()).isEqualTo(403);
    assertThat(api.postForm("/sessions", Map.of("email", EMAIL, "password", "pwd")).status())
        .isEqualTo(401);
    assertThat(register().status()).as("the email registers again").isEqualTo(200);
  }

  @Test
  void aWrongPasswordIs403AndDeletesNothing() {
    String laptop = logIn();

    Reply reply = delete(laptop, "wrong");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.body()).isEqualTo(Map.of("message", "wrong password"));
    assertThat(reply.headers("Set-Cookie")).isEmpty();
    assertThat(api.get("/profile", session(laptop)).status()).isEqualTo(200);
  }

  @Test
  void noPasswordIs400AndNoSessionIs403() {
    String laptop = logIn();

    Reply noPassword = api.sendForm("DELETE", "/profile", Map.of(), session(laptop));
    Reply noSession = delete("A".repeat(43), "pwd");

    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.body()).isEqualTo(Map.of("message", "password is required"));
    assertThat(noSession.status()).isEqualTo(403);
    assertThat(api.get("/profile", session(laptop)).status()).isEqualTo(200);
  }

  @Test
  void aPasswordSentAsJsonWorksToo() {
    String laptop = logIn();

    Reply reply = api.sendJson("DELETE", "/profile", "{\"password\": \"pwd\"}", session(laptop));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(api.get("/profile", session(laptop)).status()).isEqualTo(403);
  }

  private Reply register() {
    return api.postForm("/users", Map.of("email", EMAIL, "password", "pwd"));
  }

  private String logIn() {
    return api.postForm("/sessions", Map.of("email", EMAIL, "password", "pwd")).sessionId();
  }

  private Reply delete(String token, String password) {
    return api.sendForm("DELETE", "/profile", Map.of("password", password), session(token));
  }
}
