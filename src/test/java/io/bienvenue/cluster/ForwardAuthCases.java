package io.bienvenue.cluster;

import static io.bienvenue.cluster.ClusterTest.logIn;
import static io.bienvenue.cluster.ClusterTest.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cases of {@code deploy/nginx-auth-request.conf.template}, played end to end against the
 * {@link ProtectedApp} a subclass starts: one instance ({@link ForwardAuthTest}) or three on one
 * database ({@link ForwardAuthClusterTest}). Each case uses its own account.
 */
abstract class ForwardAuthCases {

  private static final String LOGIN = "/ui/login?return_to=";

  /** The app and nginx under test, started by the subclass. */
  abstract ProtectedApp protectedApp();

  @Test
  void aRequestWithoutASessionIsRedirectedToLoginWithThePageItAskedForAndNeverReachesTheApp() {
    int before = app().received().size();

    Reply denied = nginx().get("/app/list?a=1&b=x+y%2F");

    assertThat(denied.status()).isEqualTo(302);
    String location = denied.header("Location").orElseThrow();
    assertThat(location)
        .as("every %, &, + of the page escaped once, as one query value")
        .isEqualTo(LOGIN + origin() + "/app/list?a=1%26b=x%2By%252F");
    assertThat(URLDecoder.decode(location.substring(LOGIN.length()), StandardCharsets.UTF_8))
        .isEqualTo(origin() + "/app/list?a=1&b=x+y%2F");
    assertThat(app().received()).as("requests the app received").hasSize(before);
    Reply loginPage = nginx().get(location);
    assertThat(loginPage.status()).as("the login page on the app's origin").isEqualTo(200);
    assertThat(loginPage.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
  }

  @Test
  void aPageWithMoreCharactersToEscapeThanTheMapsHandleReturnsToTheFrontPage() {
    String seventeen = String.join("&", Collections.nCopies(18, "a"));

    Reply denied = nginx().get("/app/search?" + seventeen);

    assertThat(denied.status()).isEqualTo(302);
    assertThat(denied.header("Location")).contains(LOGIN + origin() + "/");
  }

  @Test
  void afterLoginTheAppSeesTheUserIdAndEmailThatWhoamiGives() {
    String email = "forward@example.org";
    String[] cookie = loggedIn(email, "f0rward");
    Reply whoami = nginx().get("/sessions/whoami", cookie);
    assertThat(whoami.status()).isEqualTo(200);
    String id = whoami.json().at("/user/id").asText();

    Reply page = nginx().get("/app/page?x=1", cookie);

    assertThat(page.status()).isEqualTo(200);
    EchoApp.Received received = app().last();
    assertThat(received.uri()).isEqualTo("/app/page?x=1");
    assertThat(received.values("X-Bienvenue-User-Id")).containsExactly(id);
    assertThat(received.values("X-Bienvenue-Email")).containsExactly(email);
    assertThat(received.values("X-Bienvenue-Session-Id")).as("not passed on").isEmpty();
    assertThat(page.json().path("x-bienvenue-user-id").get(0).asText()).isEqualTo(id);
  }

  @Test
  void aForgedUserIdIsReplacedWithTheSessionsAndWithoutASessionNeverReachesTheApp() {
    String email = "forger@example.org";
    String[] cookie = loggedIn(email, "f0rger");
    String id = nginx().get("/sessions/whoami", cookie).json().at("/user/id").asText();
    String[] forged = {
      "X-Bienvenue-User-Id", "someone-else",
      "x-bienvenue-email", "boss@example.org",
      "X_Bienvenue_User_Id", "someone-else",
      "X-Bienvenue-Session-Id", "forged"
    };

    Reply withSession = nginx().get("/app/admin", concat(cookie, forged));

    assertThat(withSession.status()).isEqualTo(200);
    EchoApp.Received received = app().last();
    assertThat(received.values("X-Bienvenue-User-Id")).containsExactly(id);
    assertThat(received.values("X-Bienvenue-Email")).containsExactly(email);
    assertThat(received.values("X-Bienvenue-Session-Id")).isEmpty();
    assertThat(received.values("X_Bienvenue_User_Id")).as("the underscore spelling").isEmpty();
    int before = app().received().size();
    Reply withoutSession = nginx().get("/app/admin", forged);
    assertThat(withoutSession.status()).isEqualTo(302);
    assertThat(withoutSession.header("Location")).contains(LOGIN + origin() + "/app/admin");
    assertThat(app().received()).as("requests the app received").hasSize(before);
  }

  @Test
  void afterLogoutThePageIsRefusedAgain() {
    String[] cookie = loggedIn("logout@example.org", "l0gout");
    assertThat(nginx().get("/app/inbox", cookie).status()).isEqualTo(200);

    assertThat(nginx().delete("/sessions", cookie).status()).isEqualTo(302);

    int before = app().received().size();
    Reply after = nginx().get("/app/inbox", cookie);
    assertThat(after.status()).isEqualTo(302);
    assertThat(after.header("Location")).contains(LOGIN + origin() + "/app/inbox");
    assertThat(app().received()).as("requests the app received").hasSize(before);
  }

  @Test
  void aBearerTokenOpensTheAppUntilItsSessionEnds() {
    String email = "bearer@example.org";
    assertThat(register(nginx(), email, "b3arer").status()).isEqualTo(200);
    Reply token = nginx().postForm("/sessions/token", Map.of("email", email, "password", "b3arer"));
    assertThat(token.status()).isEqualTo(200);
    String[] bearer = {"Authorization", "Bearer " + token.json().path("session_token").asText()};
    String id = nginx().get("/sessions/whoami", bearer).json().at("/user/id").asText();

    assertThat(nginx().get("/app/api/items", bearer).status()).isEqualTo(200);
    assertThat(app().last().values("X-Bienvenue-User-Id")).containsExactly(id);
    assertThat(app().last().values("X-Bienvenue-Email")).containsExactly(email);

    assertThat(nginx().delete("/sessions", bearer).status()).isEqualTo(302);
    assertThat(nginx().get("/app/api/items", bearer).status()).isEqualTo(302);
  }

  /** Registers {@code email} and logs in through nginx; returns the session cookie header. */
  String[] loggedIn(String email, String password) {
    assertThat(register(nginx(), email, password).status()).isEqualTo(200);
    Reply login = logIn(nginx(), email, password);
    assertThat(login.status()).isEqualTo(200);
    return login.sessionCookie();
  }

  ApiClient nginx() {
    return protectedApp().client();
  }

  EchoApp app() {
    return protectedApp().app;
  }

  String origin() {
    return protectedApp().origin();
  }

  static String[] concat(String[] first, String[] second) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(second));
    return all.toArray(String[]::new);
  }
}
