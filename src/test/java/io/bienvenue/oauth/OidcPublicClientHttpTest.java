package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceFixture;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A public client (a single-page or mobile app: no secret, PKCE required) over the real server: it
 * exchanges its code and refreshes with its id alone, its refresh tokens rotate and their reuse
 * revokes the family, another public client cannot use them, and an admin disabling the user stops
 * both refresh and UserInfo.
 */
class OidcPublicClientHttpTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  private final ApiClient api = service.api();
  private RelyingParty spa;
  private RelyingParty otherSpa;
  private String base;

  @BeforeEach
  void setUp() {
    spa = RelyingParty.registerPublic(service.config().database(), "Spa");
    otherSpa = RelyingParty.registerPublic(service.config().database(), "Other spa");
    base = "http://127.0.0.1:" + service.port();
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
  }

  @Test
  void itsIdAloneExchangesTheCodeAndRefreshesAndReuseRevokesTheFamily() throws Exception {
    OIDCTokens first = exchanged();

    OIDCTokens second = tokens(spa.refresh(base, first.getRefreshToken()));
    assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
    assertThat(RelyingParty.userInfo(base, second.getBearerAccessToken()).getStatusCode())
        .isEqualTo(200);

    assertThat(error(spa.refresh(base, first.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(error(spa.refresh(base, second.getRefreshToken())))
        .as("the reuse of a rotated token revokes the whole family")
        .isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, second.getBearerAccessToken()).getStatusCode())
        .isEqualTo(401);
  }

  @Test
  void anotherPublicClientsTryWithTheCodeFailsAndSpendsIt() throws Exception {
    String[] session =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        spa.authorize(api, session, verifier, new Nonce(), new State());

    assertThat(error(otherSpa.exchange(base, authorized.getAuthorizationCode(), verifier)))
        .isEqualTo("invalid_grant");
    assertThat(error(spa.exchange(base, authorized.getAuthorizationCode(), verifier)))
        .as("a code presented by another client is spent, as any second use")
        .isEqualTo("invalid_grant");
  }

  @Test
  void anotherPublicClientCannotUseItsRefreshToken() throws Exception {
    OIDCTokens tokens = exchanged();

    assertThat(error(otherSpa.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(spa.refresh(base, tokens.getRefreshToken()).indicatesSuccess())
        .as("the owner's token is left working")
        .isTrue();
  }

  @Test
  void disablingTheUserStopsRefreshAndUserInfo() throws Exception {
    OIDCTokens tokens = exchanged();

    try (Administration admin =
        Administration.open(
            service.config().database(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      admin.users().disable(EMAIL);
    }

    assertThat(error(spa.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .isEqualTo(401);
  }

  /** Logs Ada in, authorizes the SPA with PKCE and exchanges the code with its id alone. */
  private OIDCTokens exchanged() throws Exception {
    String[] session =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        spa.authorize(api, session, verifier, new Nonce(), new State());
    return tokens(spa.exchange(base, authorized.getAuthorizationCode(), verifier));
  }

  private static OIDCTokens tokens(TokenResponse response) {
    assertThat(response.indicatesSuccess())
        .as("%s", response.indicatesSuccess() ? "" : response.toErrorResponse().getErrorObject())
        .isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  private static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("%s", response).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }
}
