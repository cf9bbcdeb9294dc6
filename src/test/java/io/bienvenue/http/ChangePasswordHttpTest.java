package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT /profile/password} over the real server. */
class ChangePasswordHttpTest {

  private static final String EMAIL = "ada@example.org";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  @BeforeEach
  void start() {
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", "old")).status())
        .isEqualTo(200);
  }

  @Test
  void aChangeKeepsThisSessionAndEndsTheOthers() {
    String laptop = logIn("old");
    String phone = logIn("old");

    Reply reply = change(laptop, "old", "new");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(Map.of("message", "password changed"));
    assertThat(api.get("/profile", session(laptop)).status()).isEqualTo(200);
    assertThat(api.get("/profile", session(phone)).status())
        .as("a session ended by the password change is refused")
        .isEqualTo(403);
    assertThat(login("new").status()).isEqualTo(200);
    assertThat(login("old").status()).isEqualTo(401);
  }

  @Test
  void aWrongCurrentPasswordIs403AndRepeatedOnesAre429() {
    String laptop = logIn("old");

    Reply wrong = change(laptop, "guess", "new");

    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.body()).isEqualTo(Map.of("message", "wrong password"));
    for (int i = 1; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThat(change(laptop, "guess" + i, "new").status()).isEqualTo(403);
    }
    Reply throttled = change(laptop, "old", "new");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isPresent();
    assertThat(login("old").status()).isEqualTo(429);
  }

  @Test
  void missingFieldsAre400AndNoSessionIs403() {
    String laptop = logIn("old");

    Reply noCurrent =
        api.sendForm("PUT", "/profile/password", Map.of("new_password", "x"), session(laptop));
    Reply noSession = change("A".repeat(43), "old", "new");

    assertThat(noCurrent.status()).isEqualTo(400);
    assertThat(noCurrent.body()).isEqualTo(Map.of("message", "current_password is required"));
    assertThat(noSession.status()).isEqualTo(403);
    assertThat(noSession.body()).isEqualTo(Map.of("message", "no valid session"));
    assertThat(login("old").status()).isEqualTo(200);
  }

  private Reply change(String token, String current, String next) {
    return api.sendForm(
        "PUT",
        "/profile/password",
        Map.of("current_password", current, "new_password", next),
        session(token));
  }

  private Reply login(String password) {
    return api.postForm("/sessions", Map.of("email", EMAIL, "password", password));
  }

  private String logIn(String password) {
    Reply reply = login(password);
    assertThat(reply.status()).isEqualTo(200);
    return reply.sessionId();
  }
}
