package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.http.edge.AllowedHosts;
import io.bienvenue.http.edge.CrossSiteTrust;
import io.bienvenue.store.StoreFailures;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.AuthFixture;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --cookie-domain example.com} over the real server: the session cookie carries {@code
 * Domain=example.com}, so a session made at {@code auth.example.com} is seen at {@code
 * app.example.com}; its name is {@code __Secure-session_id} over HTTPS, since {@code __Host-}
 * forbids a domain; and the cross-site guard accepts state-changing requests from the origins
 * within the domain (https ones only over HTTPS), and from no others.
 */
class CookieDomainHttpTest {

  private static final String EMAIL = "shared@example.org";
  private static final String PASSWORD = "sh4red";
  private static final String DOMAIN = "example.com";

  @RegisterExtension final AuthFixture services = AuthFixture.development();
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void theCookieIsSharedAcrossTheDomainUnderTheSecurePrefix() {
    ApiClient api = start(true, HttpSettings.SECURE_COOKIE);

    Reply login = logIn(api, "Origin", "https://auth.example.com", "Sec-Fetch-Site", "same-site");

    assertThat(login.sessionCookieHeader())
        .startsWith("__Secure-session_id=")
        .containsIgnoringCase("Domain=example.com")
        .contains("Secure")
        .contains("Path=/")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax");
    assertThat(login.headers("Set-Cookie"))
        .as("a host-only cookie of the same name, from before the domain, is ended")
        .anySatisfy(
            h ->
                assertThat(h)
                    .startsWith("__Secure-session_id=;")
                    .doesNotContainIgnoringCase("Domain")
                    .contains("1970"));
    String token = login.sessionId();
    assertThat(api.get("/sessions/whoami", "Cookie", "__Secure-session_id=" + token).status())
        .isEqualTo(200);
    assertThat(api.get("/sessions/whoami", ApiClient.hostSession(token)).status())
        .as("the __Host- cookie is not read when the cookie is shared")
        .isEqualTo(401);
  }

  @Test
  void originsWithinTheDomainMayChangeStateAndNoOthers() {
    ApiClient api = start(true, HttpSettings.SECURE_COOKIE);

    assertThat(logIn(api, "Origin", "https://app.example.com", "Sec-Fetch-Site", "same-site"))
        .extracting(Reply::status)
        .isEqualTo(200);
    assertThat(logIn(api, "Origin", "https://example.com", "Sec-Fetch-Site", "same-site"))
        .extracting(Reply::status)
        .isEqualTo(200);
    for (String foreign :
        List.of(
            "https://evil.example",
            "https://badexample.com",
            "https://example.com.evil.example",
            "http://app.example.com",
            "null")) {
      assertThat(tryLogIn(api, "Origin", foreign, "Sec-Fetch-Site", "cross-site").status())
          .as(foreign)
          .isEqualTo(403);
    }
    assertThat(tryLogIn(api, "Sec-Fetch-Site", "same-site").status())
        .as("a same-site fetch that names no origin is refused")
        .isEqualTo(403);
  }

  @Test
  void overPlainHttpOriginsWithinTheDomainMayBeHttpToo() {
    ApiClient api = start(false, HttpSettings.ORIGINAL_COOKIE);

    Reply login =
        logIn(api, "Origin", "http://app.example.com:8080", "Sec-Fetch-Site", "same-site");

    assertThat(login.sessionCookieHeader())
        .startsWith("session_id=")
        .containsIgnoringCase("Domain=example.com")
        .doesNotContain("Secure");
  }

  @Test
  void logoutEndsTheCookieAcrossTheDomainAndOnThisHost() {
    ApiClient api = start(true, HttpSettings.SECURE_COOKIE);
    String token = logIn(api).sessionId();

    Reply logout = api.delete("/sessions", "Cookie", "__Secure-session_id=" + token);

    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.headers("Set-Cookie"))
        .anySatisfy(
            h ->
                assertThat(h)
                    .startsWith("__Secure-session_id=;")
                    .containsIgnoringCase("Domain=example.com"))
        .anySatisfy(
            h ->
                assertThat(h)
                    .startsWith("__Secure-session_id=;")
                    .doesNotContainIgnoringCase("Domain"))
        .anySatisfy(h -> assertThat(h).startsWith("__Host-session_id=;"))
        .allSatisfy(h -> assertThat(h).contains("1970"));
  }

  @Test
  void aHostPrefixedCookieCannotBeShared() {
    assertThatThrownBy(() -> settings(true, HttpSettings.HOST_COOKIE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Domain");
    assertThatThrownBy(() -> settings(false, HttpSettings.SECURE_COOKIE))
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
        secure,
        name,
        List.of(),
        StoreFailures::isOutage,
        new SimpleMeterRegistry(),
        true,
        AllowedHosts.of(AllowedHosts.LOOPBACK),
        0,
        0,
        ReturnTo.ownOnly(),
        CrossSiteTrust.of(List.of(), Optional.of(DOMAIN), secure));
  }

  private static Reply logIn(ApiClient api, String... headers) {
    Reply login = tryLogIn(api, headers);
    assertThat(login.status()).isEqualTo(200);
    return login;
  }

  private static Reply tryLogIn(ApiClient api, String... headers) {
    return api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD), headers);
  }
}
