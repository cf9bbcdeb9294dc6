package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web pages under {@code /ui/} as the HTTP edge serves them: content types, the strict policy
 * and nothing in the pages it would block, every file a page or script refers to, JSON refusals for
 * everything else, the {@code /ui} redirect, and {@code --no-ui}. {@code BrowserTest} drives them
 * in a real browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPagesTest {

  private static final List<String> PAGES =
      List.of("/ui/signup", "/ui/login", "/ui/profile", "/ui/forgot", "/ui/reset", "/ui/verify");
  private static final String JSON_POLICY = "default-src 'none'; frame-ancestors 'none'";
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/ui/assets/[^\"]+)\"");
  private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z]+\\.js)'");

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  @RegisterExtension
  final ServiceFixture apiOnly =
      ServiceFixture.development().with(config -> config.ui(false)).startedByTest();

  @Test
  void everyPageIsHtmlUnderTheStrictPolicy() {
    for (String page : PAGES) {
      Reply reply = api.get(page);

      assertThat(reply.status()).as(page).isEqualTo(200);
      assertThat(reply.header("Content-Type")).as(page).contains("text/html;charset=utf-8");
      assertThat(reply.header("Content-Security-Policy"))
          .as(page)
          .contains(
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                  + " connect-src 'self'; form-action 'self'; base-uri 'none';"
                  + " frame-ancestors 'none'");
      assertThat(reply.header("X-Frame-Options")).as(page).contains("DENY");
      assertThat(reply.header("X-Content-Type-Options")).as(page).contains("nosniff");
      assertThat(reply.header("Cache-Control")).as(page).contains("no-store");
      assertThat(reply.raw().body()).as(page).startsWith("<!doctype html>");
    }
  }

  @Test
  void thePagesHoldNothingThePolicyWouldBlock() {
    for (String page : PAGES) {
      String html = api.get(page).raw().body();

      assertThat(html).as("%s: inline scripts", page).doesNotContainPattern("<script(?![^>]*src=)");
      assertThat(html).as("%s: style elements", page).doesNotContain("<style");
      assertThat(html).as("%s: style attributes", page).doesNotContainPattern("\\sstyle=");
      assertThat(html).as("%s: event handlers", page).doesNotContainPattern("\\son[a-z]+=");
      assertThat(html).as("%s: javascript: URLs", page).doesNotContainIgnoringCase("javascript:");
      assertThat(html).as("%s: its module", page).contains("<script type=\"module\" src=\"/ui/");
    }
  }

  @Test
  void everyFileThePagesAndScriptsReferToIsServedWithItsType() {
    Set<String> assets = new TreeSet<>();
    for (String page : PAGES) {
      Matcher matcher = ASSET.matcher(api.get(page).raw().body());
      while (matcher.find()) {
        assets.add(matcher.group(1));
      }
    }
    Deque<String> scripts =
        new ArrayDeque<>(assets.stream().filter(a -> a.endsWith(".js")).toList());
    while (!scripts.isEmpty()) {
      Matcher matcher = IMPORT.matcher(api.get(scripts.pop()).raw().body());
      while (matcher.find()) {
        String imported = "/ui/assets/" + matcher.group(1);
        if (assets.add(imported)) {
          scripts.push(imported);
        }
      }
    }
    Map<String, String> types =
        Map.of(
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml");

    assertThat(assets).contains("/ui/assets/style.css", "/ui/assets/form.js", "/ui/assets/api.js");
    for (String asset : assets) {
      Reply reply = api.get(asset);
      String extension = asset.substring(asset.lastIndexOf('.') + 1);
      assertThat(reply.status()).as(asset).isEqualTo(200);
      assertThat(reply.header("Content-Type")).as(asset).contains(types.get(extension));
      assertThat(reply.header("Content-Security-Policy"))
          .as(asset)
          .contains(WebPages.CONTENT_SECURITY_POLICY);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ui/nope",
        "/ui/login.html",
        "/ui/assets/nope.js",
        "/ui/assets/login",
        "/ui/assets/..%2f..%2fopenapi.json",
        "/ui/assets/%2e%2e%2fsignup",
        "/ui/..%2fopenapi.json",
        "/ui/assets/WEB-INF%2fweb.xml",
        "/ui/assets/login.js%00.html",
        "/ui/login/extra",
        "/ui/assets/",
        "/ui/io/bienvenue/Bienvenue.class",
      })
  void anythingElseUnderUiIsAJsonRefusal(String path) {
    Reply reply = api.get(path);

    assertThat(reply.status()).as(path).isBetween(400, 404);
    assertThat(reply.header("Content-Type"))
        .as(path)
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(reply.json().path("message").isTextual()).as(path).isTrue();
  }

  @Test
  void theVerificationPageSendsTheLinkToTheApiOnlyOnAPressAndOffersANewOne() {
    String html = api.get("/ui/verify").raw().body();
    String script = api.get("/ui/assets/verify.js").raw().body();

    assertThat(html)
        .contains("<title>Confirm your email · Bienvenue</title>")
        .contains("<script type=\"module\" src=\"/ui/assets/verify.js\">")
        .contains("<form id=\"confirm-form\" method=\"post\" hidden>")
        .contains("<button class=\"primary\" type=\"submit\">Confirm this address</button>")
        .contains("<label for=\"email\">")
        .contains("href=\"/ui/login\"");
    assertThat(script)
        .as("it reads the fragment and takes it out of the address bar and the history")
        .contains("takeLink()")
        .contains("call('POST', '/verify_email', { email, token })")
        .contains("call('POST', '/verify_email/resend', withReturnToField(values))");
    assertThat(script)
        .as("opening the link only offers to confirm, and says whose address: the press verifies")
        .contains("if (email && token) {\n  offerToConfirm();\n}")
        .contains("onSubmit(confirmForm, verify);")
        .contains("lead.replaceChildren('Confirm that ', who, ' is your email address.');")
        .doesNotContain("  verify();");
    assertThat(api.get("/ui/assets/link.js").raw().body())
        .contains("window.location.hash")
        .contains("history.replaceState");
    assertThat(api.get("/ui/assets/login.js").raw().body())
        .as("the login page links here when the email is not verified")
        .contains("'email not verified'")
        .contains("/ui/verify");
  }

  @Test
  void aPageIsOnlyRead() {
    Reply reply = api.postForm("/ui/login", Map.of("email", "a@example.org", "password", "pw"));

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.body()).isEqualTo(Map.of("message", "method not allowed"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui", "/ui/"})
  void uiLeadsToTheLoginPageOrWithASessionToTheProfile(String path) {
    String email = "home" + path.length() + "@example.org";
    api.postForm("/users", Map.of("email", email, "password", "pw"));
    String token = api.postForm("/sessions", Map.of("email", email, "password", "pw")).sessionId();

    Reply anonymous = api.get(path);
    Reply loggedIn = api.get(path, session(token));
    Reply loggedOut = api.get(path, session("A".repeat(43)));

    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.header("Location")).contains("/ui/login");
    assertThat(loggedIn.status()).isEqualTo(302);
    assertThat(loggedIn.header("Location")).contains("/ui/profile");
    assertThat(loggedOut.header("Location")).contains("/ui/login");
  }

  @Test
  void theJsonApiKeepsItsOwnPolicy() {
    for (Reply reply : List.of(api.get("/"), api.get("/profile"), api.get("/openapi.json"))) {
      assertThat(reply.header("Content-Security-Policy")).contains(JSON_POLICY);
      assertThat(reply.header("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }
  }

  @Test
  void withoutTheUiThePagesAreNotFoundAndTheApiStillAnswers() {
    apiOnly.start();

    for (String path : List.of("/ui", "/ui/login", "/ui/reset", "/ui/assets/style.css")) {
      Reply reply = apiOnly.api().get(path);
      assertThat(reply.status()).as(path).isEqualTo(404);
      assertThat(reply.body()).as(path).isEqualTo(Map.of("message", "not found"));
    }
    assertThat(apiOnly.api().get("/").body()).isEqualTo(Map.of("message", "Bienvenue"));
  }
}
