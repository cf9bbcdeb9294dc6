package io.bienvenue.relyingparty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.oauth.RegisteredClient;
import io.bienvenue.testing.ServiceFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apache's mod_auth_openidc, a relying party no one here wrote, configured by {@code
 * deploy/apache-oidc.conf.template} with only Bienvenue's discovery URL, a client id and a secret,
 * protecting a page: a person's browser goes through the whole login by hand (Apache, Bienvenue's
 * authorization endpoint, its login, back to Apache with a code that Apache exchanges) and gets the
 * page, which shows the claims Apache passes on; then logs out from Apache, which sends the browser
 * on to Bienvenue's end_session_endpoint.
 */
@RequiresApache
class ModAuthOpenidcTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  private final Browser browser = new Browser();
  private Apache apache;
  private String userId;
  private String issuer;

  @BeforeEach
  void setUp() throws Exception {
    Registrations.clockOnTime(service);
    userId = Registrations.person(service, EMAIL, PASSWORD);
    issuer = discovery().get("issuer").asText();
    int port = Apache.freePort();
    String origin = Apache.origin(port);
    RegisteredClient client =
        Registrations.confidentialClient(service, origin + "/private/redirect_uri", origin + "/");
    byte[] passphrase = new byte[32];
    new SecureRandom().nextBytes(passphrase);
    apache =
        Apache.start(
            port,
            Map.of(
                "@ISSUER@", issuer,
                "@APP_ORIGIN@", origin,
                "@CLIENT_ID@", client.client().clientId(),
                "@CLIENT_SECRET@", client.secret().orElseThrow(),
                "@PASSPHRASE@", Base64.getUrlEncoder().encodeToString(passphrase)));
  }

  @AfterEach
  void stopApache() {
    if (apache != null) {
      apache.close();
    }
  }

  @Test
  void aPersonGetsTheProtectedPageThroughAFullLoginWithTheirEmailInTheClaimsApachePassesOn()
      throws Exception {
    HttpResponse<String> page = loggedIn();

    assertThat(page.statusCode()).as(apache.errorLog()).isEqualTo(200);
    assertThat(page.body().lines())
        .as(apache.errorLog())
        .contains("email=" + EMAIL, "sub=" + userId, "remote_user=" + userId);
  }

  @Test
  void aClaimHeaderSentByTheBrowserItselfNeverReachesTheApp() throws Exception {
    loggedIn();

    HttpResponse<String> page =
        browser.get(
            URI.create(apache.origin() + Apache.PROTECTED_PAGE),
            "OIDC-CLAIM-email",
            "mallory@evil.example");

    assertThat(page.statusCode()).as(apache.errorLog()).isEqualTo(200);
    assertThat(page.body().lines())
        .as("the app sees the claim from Bienvenue, and no header of that name")
        .contains("email=" + EMAIL, "header_email=");
    assertThat(page.body()).doesNotContain("mallory");
  }

  @Test
  void logoutAtApacheGoesOnToBienvenuesEndSessionEndpointAndEndsTheBienvenueSessionToo()
      throws Exception {
    loggedIn();
    String afterLogout = apache.origin() + "/";

    URI endSession =
        browser.redirectFrom(
            URI.create(
                apache.origin()
                    + "/private/redirect_uri?logout="
                    + URLEncoder.encode(afterLogout, StandardCharsets.UTF_8)));

    JsonNode endpoint = discovery().get("end_session_endpoint");
    assertThat(endpoint).as("Bienvenue's discovery names an end_session_endpoint").isNotNull();
    assertThat(endSession.toString()).startsWith(endpoint.asText() + "?");
    Map<String, List<String>> query = URLUtils.parseParameters(endSession.getRawQuery());
    assertThat(query.get("post_logout_redirect_uri")).containsExactly(afterLogout);
    assertThat(query).containsKey("id_token_hint");
    assertThat(browser.redirectFrom(endSession)).hasToString(afterLogout);
    assertThat(browser.get(URI.create(issuer + "/sessions/whoami")).statusCode())
        .as("the Bienvenue session has ended")
        .isEqualTo(401);
    URI again = browser.redirectFrom(URI.create(apache.origin() + Apache.PROTECTED_PAGE));
    assertThat(again.toString())
        .as("the Apache session has ended too: the page asks for a login again")
        .startsWith(issuer + "/oauth/authorize?");
  }

  /**
   * The whole login: the protected page sends the browser to Bienvenue's authorization endpoint,
   * with PKCE S256; the person logs in on the way; Bienvenue sends the browser back to Apache's
   * redirect URI with a code; Apache exchanges it and sends the browser to the page it first asked
   * for, which is returned.
   */
  private HttpResponse<String> loggedIn() throws Exception {
    URI page = URI.create(apache.origin() + Apache.PROTECTED_PAGE);
    URI authorization = browser.redirectFrom(page);
    assertThat(authorization.toString()).startsWith(issuer + "/oauth/authorize?");
    assertThat(URLUtils.parseParameters(authorization.getRawQuery()))
        .containsEntry("code_challenge_method", List.of("S256"))
        .containsEntry("scope", List.of("openid email"));

    URI callback = browser.logInOnTheWay(authorization, EMAIL, PASSWORD);
    assertThat(callback.toString()).startsWith(apache.origin() + "/private/redirect_uri?");
    assertThat(URLUtils.parseParameters(callback.getRawQuery())).containsKey("code");

    URI back = browser.redirectFrom(callback);
    assertThat(back).as(apache.errorLog()).isEqualTo(page);
    return browser.get(page);
  }

  private JsonNode discovery() throws Exception {
    return new ObjectMapper()
        .readTree(service.api().get("/.well-known/openid-configuration").raw().body());
  }
}
