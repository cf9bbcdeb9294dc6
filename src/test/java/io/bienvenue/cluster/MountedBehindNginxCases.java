package io.bienvenue.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cases of {@code deploy/nginx-base-path.conf.template}, played end to end against the {@link
 * ProtectedApp} a subclass starts with it: Bienvenue started with {@code --base-path /auth} and
 * mounted by nginx under {@code /auth/}, paths passed on unchanged, beside an app at {@code /} that
 * only people with a session reach. Each case uses its own account.
 */
abstract class MountedBehindNginxCases {

  static final Path TEMPLATE = Path.of("deploy", "nginx-base-path.conf.template");

  /** The settings of every instance beyond those {@link Instances} gives: the base path. */
  static final Map<String, String> SETTINGS = Map.of("BIENVENUE_BASE_PATH", "/auth");

  /** The app and nginx under test, started by the subclass. */
  abstract ProtectedApp protectedApp();

  @Test
  void theOriginalsRoutesWorkUnderThePrefixThroughNginx() {
    String email = "mounted@example.org";

    Reply root = nginx().get("/auth/");
    Reply created = register(email, "m0unted");
    Reply login = logIn(email, "m0unted");
    String[] cookie = login.sessionCookie();
    Reply profile = nginx().get("/auth/profile", cookie);
    Reply whoami = nginx().get("/auth/sessions/whoami", cookie);
    Reply logout = nginx().delete("/auth/sessions", cookie);

    assertThat(root.body()).isEqualTo(Map.of("message", "Bienvenue"));
    assertThat(created.status()).isEqualTo(200);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.sessionCookieHeader()).contains("Path=/;");
    assertThat(profile.body()).isEqualTo(Map.of("email", email));
    assertThat(whoami.json().at("/user/email").asText()).isEqualTo(email);
    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.header("Location")).contains("/auth/");
    assertThat(nginx().get("/auth/profile", cookie).status()).isEqualTo(403);
  }

  @Test
  void withoutASessionTheAppSendsToTheLoginPageUnderThePrefixWhoseAssetsLoad() {
    int before = app().received().size();

    Reply denied = nginx().get("/app/page");
    String location = denied.header("Location").orElseThrow();
    Reply page = nginx().get(location);

    assertThat(denied.status()).isEqualTo(302);
    assertThat(location).startsWith("/auth/ui/login?return_to=");
    assertThat(app().received()).as("requests the app received").hasSize(before);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().body())
        .contains("data-base-path=\"/auth\"")
        .contains("src=\"/auth/ui/assets/login.js\"");
    for (String asset : new String[] {"login.js", "base.js", "api.js", "style.css"}) {
      assertThat(nginx().get("/auth/ui/assets/" + asset).status()).as(asset).isEqualTo(200);
    }
  }

  @Test
  void afterLoginUnderThePrefixTheAppSeesTheUserAndTheWayBackIsToTheApp() {
    String email = "beside@example.org";
    register(email, "b3side");
    String[] cookie = logIn(email, "b3side").sessionCookie();
    String id = nginx().get("/auth/sessions/whoami", cookie).json().at("/user/id").asText();

    Reply page = nginx().get("/app/page?x=1", cookie);
    Reply back =
        nginx()
            .get(
                "/auth/ui/return?to="
                    + URLEncoder.encode(origin() + "/app/page", StandardCharsets.UTF_8),
                cookie);

    assertThat(page.status()).isEqualTo(200);
    assertThat(app().last().uri()).isEqualTo("/app/page?x=1");
    assertThat(app().last().values("X-Bienvenue-User-Id")).containsExactly(id);
    assertThat(back.status()).isEqualTo(302);
    assertThat(back.header("Location")).contains(origin() + "/app/page");
  }

  @Test
  void thePrefixAloneIsSentToItsSlashAndOpenApiNamesIt() {
    Reply bare = nginx().get("/auth");
    Reply document = nginx().get("/auth/openapi.json");

    assertThat(bare.status()).isEqualTo(301);
    assertThat(bare.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/auth/"));
    assertThat(document.json().at("/servers/0/url").asText()).isEqualTo("/auth");
  }

  private Reply register(String email, String password) {
    return nginx().postForm("/auth/users", Map.of("email", email, "password", password));
  }

  private Reply logIn(String email, String password) {
    return nginx().postForm("/auth/sessions", Map.of("email", email, "password", password));
  }

  private ApiClient nginx() {
    return protectedApp().client();
  }

  private EchoApp app() {
    return protectedApp().app;
  }

  private String origin() {
    return protectedApp().origin();
  }
}
