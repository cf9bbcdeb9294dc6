package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Login by e-mail code in development, which sends no mail: both routes say so, for a registered
 * email too, and no code is ever issued or answered (the reset token is, there; a code never is).
 */
class EmailCodeDevelopmentHttpTest {

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();

  private static final Map<String, Object> NEEDS_MAIL =
      Map.of(
          "message",
          "login by e-mail code needs a service that sends mail (SMTP, with --production)");

  private final ApiClient api = service.api();

  @Test
  void bothRoutesSayTheFeatureNeedsMail() {
    assertThat(api.postForm("/users", Map.of("email", "dev@example.org", "password", "p")).status())
        .isEqualTo(200);

    Reply asked = api.postForm("/sessions/email_code", Map.of("email", "dev@example.org"));
    Reply verified =
        api.postForm(
            "/sessions/email_code/verify", Map.of("email", "dev@example.org", "code", "12345678"));

    assertThat(asked.status()).isEqualTo(404);
    assertThat(asked.body()).isEqualTo(NEEDS_MAIL);
    assertThat(verified.status()).isEqualTo(404);
    assertThat(verified.body()).isEqualTo(NEEDS_MAIL);
    assertThat(verified.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void badInputIsStillA400First() {
    assertThat(api.postForm("/sessions/email_code", Map.of()).body())
        .isEqualTo(Map.of("message", "email is required"));
    assertThat(api.postForm("/sessions/email_code/verify", Map.of("email", "a@b.org")).body())
        .isEqualTo(Map.of("message", "code is required"));
  }
}
