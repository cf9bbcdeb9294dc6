package io.bienvenue.oauth;

import static io.bienvenue.oauth.OidcHttpFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider with {@code --no-ui}: there is no login, consent or logout page to send anyone to,
 * so nothing is ever sent to one. A request that would need the login or the consent page goes back
 * to the client with {@code login_required} or {@code consent_required}, as with {@code
 * prompt=none}; a person with a session (logged in through the API) still gets a code; a logout
 * that would ask is refused in place, and one that ends the session without a post-logout URI goes
 * to the service's root, as {@code DELETE /sessions} does.
 */
class OidcWithoutPagesHttpTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  @RegisterExtension
  final ServiceFixture service = ServiceFixture.development().with(config -> config.ui(false));

  private final ApiClient api = service.api();
  private String base;

  @BeforeEach
  void setUp() {
    base = "http://127.0.0.1:" + service.port();
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
  }

  @Test
  void withoutASessionTheClientHearsLoginRequiredInsteadOfALoginPage() {
    RelyingParty wiki = RelyingParty.register(service.config().database());

    String location = wiki.authorizationLocation(api, new String[0], new CodeVerifier());

    assertThat(error(location)).isEqualTo("login_required");
  }

  @Test
  void aClientNeedingConsentHearsConsentRequiredInsteadOfAConsentPage() {
    RelyingParty third = RelyingParty.registerNeedingConsent(service.config().database(), "Third");

    String location = third.authorizationLocation(api, logIn(), new CodeVerifier());

    assertThat(error(location)).isEqualTo("consent_required");
  }

  @Test
  void aLoggedInPersonStillGetsACodeAndALogoutWithItsHintEndsTheSessionInPlace() throws Exception {
    RelyingParty wiki = RelyingParty.register(service.config().database());
    String[] session = logIn();
    CodeVerifier verifier = new CodeVerifier();
    Tokens tokens =
        success(
            wiki.exchange(
                base,
                wiki.authorize(api, session, verifier, new Nonce(), new State())
                    .getAuthorizationCode(),
                verifier));

    Reply asked = api.get(RelyingParty.logoutPath(null, null, null), session);
    assertThat(asked.status()).as("nowhere to ask: refused in place").isEqualTo(400);
    assertThat(asked.headers("Location")).isEmpty();
    assertThat(asked.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);

    Reply ended =
        api.get(RelyingParty.logoutPath(((OIDCTokens) tokens).getIDToken(), null, null), session);
    assertThat(ended.status()).as(ended.raw().body()).isEqualTo(302);
    assertThat(ended.header("Location"))
        .as("no logged-out page: the root, as DELETE /sessions")
        .hasValue("/");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
  }

  private String[] logIn() {
    return api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
  }

  private static String error(String location) {
    assertThat(location).startsWith(RelyingParty.CALLBACK + "?");
    try {
      AuthorizationResponse response = AuthorizationResponse.parse(URI.create(location));
      assertThat(response.indicatesSuccess()).isFalse();
      return ((AuthorizationErrorResponse) response).getErrorObject().getCode();
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new AssertionError(location, e);
    }
  }
}
