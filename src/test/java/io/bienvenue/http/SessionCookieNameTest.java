package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.config.ProductionSettings;
import io.bienvenue.mail.SmtpSettings;
import io.bienvenue.mail.TlsMode;
import io.bienvenue.store.StoreFailures;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.AuthFixture;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session cookie's name: {@code __Host-session_id} in production, so that a sibling subdomain
 * cannot plant one, {@code session_id} in development and for the original's clients; and what a
 * request carrying the cookie more than once means (SPEC §6).
 */
class SessionCookieNameTest {

  private static final String EMAIL = "cookie@example.org";
  private static final String PASSWORD = "c00kie";

  @RegisterExtension final AuthFixture services = AuthFixture.development();
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void productionSetsAHostPrefixedCookieAndReadsNoPlantedSessionId() {
    ApiClient api = start(true, ProductionSettings.HOST_COOKIE);
    Reply login = logIn(api);
    String token = login.sessionId();

    assertThat(login.sessionCookieHeader())
        .startsWith("__Host-session_id=")
        .contains("Secure")
        .contains("Path=/")
        .containsIgnoringCase("HttpOnly")
        .doesNotContainIgnoringCase("Domain");
    assertThat(api.get("/profile", ApiClient.hostSession(token)).status()).isEqualTo(200);
    assertThat(api.get("/profile", ApiClient.session(token)).status())
        .as("a session_id cookie, which a sibling subdomain could plant, is not read")
        .isEqualTo(403);
  }

  @Test
  void twoSessionCookiesMeanNoSessionEvenTwoCopiesOfOneValue() {
    ApiClient api = start(true, ProductionSettings.HOST_COOKIE);
    String token = logIn(api).sessionId();
    String name = ProductionSettings.HOST_COOKIE;

    Reply different = api.get("/profile", "Cookie", name + "=" + token + "; " + name + "=junk");
    Reply twoHeaders = api.get("/profile", "Cookie", name + "=junk", "Cookie", name + "=" + token);
    Reply copies = api.get("/profile", "Cookie", name + "=" + token + "; " + name + "=" + token);
    Reply beside = api.get("/profile", "Cookie", "session_id=junk; " + name + "=" + token);

    assertThat(different.status()).isEqualTo(403);
    assertThat(twoHeaders.status()).isEqualTo(403);
    assertThat(copies.status()).as("a browser never sends two: one was planted").isEqualTo(403);
    assertThat(beside.status()).as("a cookie of the other name is not read").isEqualTo(200);
  }

  @Test
  void developmentKeepsTheOriginalNameWithTheSameRules() {
    ApiClient api = start(false, ProductionSettings.ORIGINAL_COOKIE);
    Reply login = logIn(api);
    String token = login.sessionId();

    assertThat(login.sessionCookieHeader()).startsWith("session_id=").doesNotContain("Secure");
    assertThat(api.get("/profile", "Cookie", "session_id=" + token + "; session_id=junk").status())
        .isEqualTo(403);
    assertThat(api.get("/profile", "Cookie", "session_id=" + token + "; session_id=" + token))
        .extracting(Reply::status)
        .isEqualTo(403);
    assertThat(api.get("/profile", ApiClient.hostSession(token)).status()).isEqualTo(403);
  }

  @Test
  void productionMayKeepTheOriginalNameForItsClients() {
    ApiClient api = start(true, ProductionSettings.ORIGINAL_COOKIE);
    Reply login = logIn(api);

    assertThat(login.sessionCookieHeader()).startsWith("session_id=").contains("Secure");
    assertThat(api.get("/profile", login.sessionCookie()).status()).isEqualTo(200);
  }

  @Test
  void logoutExpiresEveryNameTheServiceMayHaveSet() {
    ApiClient api = start(true, ProductionSettings.HOST_COOKIE);
    String token = logIn(api).sessionId();

    Reply logout = api.delete("/sessions", ApiClient.hostSession(token));

    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.headers("Set-Cookie"))
        .anySatisfy(h -> assertThat(h).startsWith("__Host-session_id=;").contains("Secure"))
        .anySatisfy(h -> assertThat(h).startsWith("session_id=;"))
        .allSatisfy(h -> assertThat(h).contains("1970"));
  }

  @Test
  void theNameIsOneOfTwoAndAHostCookieNeedsSecure() {
    ProductionSettings settings =
        new ProductionSettings(
            URI.create("https://auth.example.org"),
            new SmtpSettings(
                "127.0.0.1",
                25,
                Optional.empty(),
                Optional.empty(),
                "noreply@example.org",
                TlsMode.NONE,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)),
            15);

    assertThat(settings.sessionCookie()).isEqualTo("__Host-session_id");
    assertThatThrownBy(
            () ->
                new ProductionSettings(
                    settings.publicUrl(),
                    settings.smtp(),
                    settings.passwordMinLength(),
                    settings.verification(),
                    "sid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--session-cookie-name");
    assertThatThrownBy(() -> settings(false, ProductionSettings.HOST_COOKIE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Secure");
  }

  private ApiClient start(boolean secure, String name) {
    app = HttpApp.create(services.auth(), settings(secure, name)).start("127.0.0.1", 0);
    ApiClient api = new ApiClient("http://127.0.0.1:" + app.port());
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
    return api;
  }

  private static HttpSettings settings(boolean secure, String name) {
    return new HttpSettings(
        secure, name, List.of(), StoreFailures::isOutage, new SimpleMeterRegistry(), true);
  }

  private static Reply logIn(ApiClient api) {
    Reply login = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login;
  }
}
