package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service started with {@code --base-path /auth} over the real server, as a proxy that passes
 * paths unchanged reaches it: the original's routes, the pages and {@code /openapi.json} under
 * {@code /auth}, every redirect's {@code Location} with the prefix, and a JSON 404 outside it.
 */
class BasePathHttpTest {

  private static final String EMAIL = "guillaume@holberton.io";
  private static final String PASSWORD = "b4l0u";

  @RegisterExtension
  final ServiceFixture service =
      ServiceFixture.development()
          .with(config -> config.basePath("/auth").returnToOrigins(List.of("https://app.test")));

  @RegisterExtension final ServiceFixture atTheRoot = ServiceFixture.development().startedByTest();

  private final ApiClient api = service.api();

  private static final JsonNode NOT_FOUND =
      new ObjectMapper().createObjectNode().put("message", "not found");

  @Test
  void theOriginalsRoutesAnswerUnderThePrefix() {
    assertThat(api.get("/auth/").body()).isEqualTo(Map.of("message", "Bienvenue"));

    Reply created = api.postForm("/auth/users", Map.of("email", EMAIL, "password", PASSWORD));
    Reply login = api.postForm("/auth/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    String token = login.sessionId();
    Reply profile = api.get("/auth/profile", session(token));
    Reply whoami = api.get("/auth/sessions/whoami", session(token));
    Reply logout = api.delete("/auth/sessions", session(token));
    Reply after = api.get("/auth/profile", session(token));

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body()).isEqualTo(Map.of("email", EMAIL, "message", "user created"));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.sessionCookieHeader()).contains("Path=/;").doesNotContain("Path=/auth");
    assertThat(profile.body()).isEqualTo(Map.of("email", EMAIL));
    assertThat(whoami.status()).isEqualTo(200);
    assertThat(whoami.header("X-Bienvenue-Email")).contains(EMAIL);
    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.header("Location")).contains("/auth/");
    assertThat(after.status()).isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/", "/users", "/profile", "/ui/login", "/openapi.json", "/authx/", "/Auth/"})
  void outsideThePrefixEveryPathIsAJson404(String path) throws IOException {
    // Raw requests: the contract client would check these paths against the unprefixed document.
    String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
    String form = "email=a%40b.c&password=x";
    RawAnswer get =
        RawHttp.exchange(service.port(), "GET " + path + " HTTP/1.1\r\n" + host + "\r\n");
    RawAnswer post =
        RawHttp.exchange(
            service.port(),
            "POST "
                + path
                + " HTTP/1.1\r\n"
                + host
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length()
                + "\r\n\r\n"
                + form);

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json()).isEqualTo(NOT_FOUND);
    assertThat(get.header("Content-Type")).startsWith("application/json");
    assertThat(post.status()).isEqualTo(404);
    assertThat(post.json()).isEqualTo(NOT_FOUND);
  }

  @Test
  void underThePrefixTheEdgeChecksAndJsonErrorsStillApply() throws IOException {
    Reply unknown = api.get("/auth/nothing");
    Reply wrongMethod = api.sendForm("PATCH", "/auth/profile", Map.of());
    Reply crossSite =
        api.postForm(
            "/auth/sessions",
            Map.of("email", EMAIL, "password", PASSWORD),
            "Origin",
            "https://evil.test");
    RawAnswer otherHost =
        RawHttp.exchange(
            service.port(), "GET /auth/ HTTP/1.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n");
    RawAnswer head =
        RawHttp.exchange(
            service.port(),
            "HEAD /auth/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo(Map.of("message", "not found"));
    assertThat(unknown.header("X-Request-Id")).isPresent();
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.body()).isEqualTo(Map.of("message", "method not allowed"));
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(otherHost.status()).isEqualTo(421);
    assertThat(head.status()).isEqualTo(403);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void thePrefixWithoutItsSlashIsSentToIt() {
    Reply bare = api.get("/auth");

    assertThat(bare.status()).isEqualTo(301);
    assertThat(bare.header("Location")).contains("/auth/");
  }

  @Test
  void thePagesRedirectsCarryThePrefix() {
    api.postForm("/auth/users", Map.of("email", EMAIL, "password", PASSWORD));
    String token =
        api.postForm("/auth/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionId();

    assertThat(api.get("/auth/ui").header("Location")).contains("/auth/ui/login");
    assertThat(api.get("/auth/ui", session(token)).header("Location")).contains("/auth/ui/profile");
    assertThat(returnTo("https://evil.test/x").header("Location")).contains("/auth/ui/profile");
    assertThat(returnTo("https://app.test/x").header("Location")).contains("https://app.test/x");
    // The app beside the service, on the same origin, is a destination like any own path.
    assertThat(returnTo("/dashboard").header("Location")).contains("/dashboard");
    // The login page, opened with a live session, sends the person on under the prefix too.
    assertThat(api.get("/auth/ui/login", session(token)).header("Location"))
        .hasValue("/auth/ui/profile");
    assertThat(api.get("/auth/ui/signup?return_to=%2Fdashboard", session(token)).header("Location"))
        .hasValue("/auth/ui/return?to=%2Fdashboard");
  }

  @Test
  void thePagesNameEveryScriptStyleLinkAndCallUnderThePrefix() {
    String login = api.get("/auth/ui/login").raw().body();
    Reply base = api.get("/auth/ui/assets/base.js");

    assertThat(login)
        .contains("<html lang=\"en\" data-base-path=\"/auth\">")
        .contains("href=\"/auth/ui/assets/style.css\"")
        .contains("src=\"/auth/ui/assets/login.js\"")
        .contains("href=\"/auth/ui/forgot\"")
        .contains("href=\"/auth/ui/signup\"")
        .contains("href=\"/auth/openapi.json\"")
        .doesNotContain("\"/ui/")
        .doesNotContain("{{");
    assertThat(base.status()).isEqualTo(200);
    assertThat(base.raw().body()).contains("dataset.basePath");
  }

  @Test
  void withoutABasePathThePagesAndTheDocumentAreAtTheRootAsBefore() throws IOException {
    atTheRoot.start();
    ApiClient root = atTheRoot.api();

    String login = root.get("/ui/login").raw().body();
    JsonNode document = new ObjectMapper().readTree(root.get("/openapi.json").raw().body());

    assertThat(login)
        .contains("<html lang=\"en\" data-base-path=\"\">")
        .contains("href=\"/ui/assets/style.css\"")
        .contains("href=\"/ui/forgot\"")
        .doesNotContain("{{");
    assertThat(document.at("/servers/0/url").asText()).isEqualTo("http://127.0.0.1:5000");
    assertThat(root.delete("/sessions", session("A".repeat(43))).status()).isEqualTo(403);
  }

  @Test
  void theOpenApiDocumentNamesThePrefixAsItsServer() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode served = json.readTree(api.get("/auth/openapi.json").raw().body());
    JsonNode resource;
    try (InputStream in = getClass().getResourceAsStream(OpenApiDocument.RESOURCE)) {
      resource = json.readTree(in);
    }

    assertThat(served.get("servers")).hasSize(1);
    assertThat(served.get("servers").get(0).get("url").asText()).isEqualTo("/auth");
    assertThat(resource.get("servers").get(0).get("url").asText()).startsWith("http://");
    assertThat(served.get("paths")).isEqualTo(resource.get("paths"));
    assertThat(served.get("components")).isEqualTo(resource.get("components"));
  }

  private Reply returnTo(String to) {
    return api.get("/auth/ui/return?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
  }
}
