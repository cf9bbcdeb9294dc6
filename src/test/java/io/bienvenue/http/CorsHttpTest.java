package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.config.EdgeSettings;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --cors-origin https://app.example.com} over the real server: a browser app on that origin
 * may call the JSON API with credentials, its preflights answered; any other origin gets no CORS
 * header, and {@code *} is never sent nor accepted as a setting.
 */
class CorsHttpTest {

  private static final String APP = "https://app.example.com";
  private static final String EMAIL = "cors@example.org";
  private static final String PASSWORD = "c0rs-pass";

  @RegisterExtension
  final ServiceFixture service =
      ServiceFixture.development().with(config -> config.corsOrigins(List.of(APP)));

  @RegisterExtension
  final ServiceFixture withoutCors = ServiceFixture.development().startedByTest();

  private final ApiClient api = service.api();

  @Test
  void aPreflightFromAnAllowedOriginIsAnswered() {
    Reply preflight = preflight(APP, "DELETE", "authorization,content-type");

    assertThat(preflight.status()).isBetween(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).contains(APP);
    assertThat(preflight.header("Access-Control-Allow-Credentials")).contains("true");
    assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow())
        .contains("DELETE")
        .contains("POST")
        .doesNotContain("*");
    assertThat(preflight.header("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
        .contains("authorization")
        .contains("content-type");
    assertThat(preflight.header("Access-Control-Max-Age")).contains("600");
  }

  @Test
  void aPreflightFromAnyOtherOriginGetsNoCorsHeader() {
    for (String other :
        List.of(
            "https://evil.example",
            "https://app.example.com.evil.example",
            "null",
            APP + ":8443")) {
      Reply preflight = preflight(other, "POST", "content-type");

      assertThat(preflight.headers("Access-Control-Allow-Origin")).as(other).isEmpty();
      assertThat(preflight.headers("Access-Control-Allow-Credentials")).as(other).isEmpty();
      assertThat(preflight.headers("Access-Control-Allow-Methods")).as(other).isEmpty();
      assertThat(preflight.headers("Access-Control-Allow-Headers")).as(other).isEmpty();
    }
  }

  @Test
  void anAllowedOriginLogsInAndReadsWhoamiWithItsCookie() {
    register();
    Reply login =
        api.postForm(
            "/sessions",
            Map.of("email", EMAIL, "password", PASSWORD),
            "Origin",
            APP,
            "Sec-Fetch-Site",
            "cross-site");

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.header("Access-Control-Allow-Origin")).contains(APP);
    assertThat(login.header("Access-Control-Allow-Credentials")).contains("true");
    assertThat(login.headers("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));

    Reply whoami = api.get("/sessions/whoami", concat(login.sessionCookie(), "Origin", APP));

    assertThat(whoami.status()).isEqualTo(200);
    assertThat(whoami.header("Access-Control-Allow-Origin")).contains(APP);
    assertThat(whoami.header("Access-Control-Expose-Headers").orElseThrow())
        .contains("X-Bienvenue-User-Id")
        .contains("X-Bienvenue-Email")
        .contains("Retry-After");
  }

  @Test
  void anotherOriginGetsNoCorsHeaderAndCannotChangeState() {
    register();
    Reply login =
        api.postForm(
            "/sessions",
            Map.of("email", EMAIL, "password", PASSWORD),
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site");
    Reply read = api.get("/", "Origin", "https://evil.example");

    assertThat(login.status()).isEqualTo(403);
    assertThat(login.headers("Set-Cookie")).isEmpty();
    assertThat(login.headers("Access-Control-Allow-Origin")).isEmpty();
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.headers("Access-Control-Allow-Origin")).isEmpty();
    assertThat(read.headers("Vary"))
        .as("a shared cache must not give one origin's answer to another")
        .anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));
  }

  @Test
  void aBearerTokenWorksCrossOriginToo() {
    register();
    String token =
        api.postForm(
                "/sessions/token",
                Map.of("email", EMAIL, "password", PASSWORD),
                "Origin",
                APP,
                "Sec-Fetch-Site",
                "cross-site")
            .json()
            .get("session_token")
            .asText();

    Reply whoami = api.get("/sessions/whoami", "Authorization", "Bearer " + token, "Origin", APP);

    assertThat(whoami.status()).isEqualTo(200);
    assertThat(whoami.header("Access-Control-Allow-Origin")).contains(APP);
  }

  @Test
  void aWildcardIsRefusedAsASetting() {
    assertThatThrownBy(
            () ->
                new EdgeSettings(
                    List.of(), 0, 0, List.of(), Optional.empty(), List.of("*"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cors-origin")
        .hasMessageContaining("'*'");
  }

  @Test
  void withoutCorsOriginsNoRequestGetsACorsHeader() {
    withoutCors.start();
    ApiClient other = withoutCors.api();
    Reply preflight =
        other.send(
            "OPTIONS",
            "/sessions",
            null,
            "",
            "Origin",
            APP,
            "Access-Control-Request-Method",
            "POST");

    assertThat(preflight.headers("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.get("/", "Origin", APP).headers("Access-Control-Allow-Origin")).isEmpty();
  }

  private void register() {
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  private Reply preflight(String origin, String method, String headers) {
    return api.send(
        "OPTIONS",
        "/profile",
        null,
        "",
        "Origin",
        origin,
        "Access-Control-Request-Method",
        method,
        "Access-Control-Request-Headers",
        headers);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
