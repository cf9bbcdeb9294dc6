package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh over the real server with Nimbus's client side, on the database a subclass gives: each
 * refresh token works once and is replaced, and a used one sent again revokes the whole family, the
 * newest refresh token and access token with it.
 */
abstract class OidcRefreshHttpContract {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  private ServiceOnDatabase service;
  private TestDatabase database;
  private RunningService running;
  private RelyingParty party;
  private String base;
  private String[] session;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    service = ServiceOnDatabase.start(newDatabase());
    database = service.database;
    running = service.running;
    party = RelyingParty.register(database.location());
    base = service.base();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void eachRefreshTokenIsReplacedOnUseAndTheNewAccessTokenServesUserInfo() throws Exception {
    Tokens first = codeExchanged();

    Tokens second = success(party.refresh(base, first.getRefreshToken()));
    Tokens third = success(party.refresh(base, second.getRefreshToken()));

    assertThat(second.getRefreshToken()).isNotNull().isNotEqualTo(first.getRefreshToken());
    assertThat(third.getRefreshToken()).isNotNull().isNotEqualTo(second.getRefreshToken());
    assertThat(second.getAccessToken()).isNotEqualTo(first.getAccessToken());
    UserInfoResponse info =
        UserInfoResponse.parse(RelyingParty.userInfo(base, third.getBearerAccessToken()));
    assertThat(info.indicatesSuccess()).isTrue();
    assertThat(((UserInfoSuccessResponse) info).getUserInfo().getEmailAddress()).isEqualTo(EMAIL);
    assertThat(((UserInfoSuccessResponse) info).getUserInfo().getSubject().getValue())
        .isEqualTo(userId());
  }

  @Test
  void aUsedRefreshTokenSentAgainIsInvalidGrantAndRevokesTheNewestTokensToo() throws Exception {
    Tokens first = codeExchanged();
    Tokens second = success(party.refresh(base, first.getRefreshToken()));

    TokenResponse reused = party.refresh(base, first.getRefreshToken());

    assertThat(errorCode(reused)).isEqualTo("invalid_grant");
    assertThat(errorCode(party.refresh(base, second.getRefreshToken())))
        .as("the newest refresh token, after the family's reuse")
        .isEqualTo("invalid_grant");
    HTTPResponse info = RelyingParty.userInfo(base, second.getBearerAccessToken());
    assertThat(info.getStatusCode()).as("the newest access token").isEqualTo(401);
  }

  @Test
  void aRefreshTokenIsRefusedToAnotherClient() throws Exception {
    Tokens first = codeExchanged();
    RelyingParty other = RelyingParty.register(database.location());

    assertThat(errorCode(other.refresh(base, first.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(success(party.refresh(base, first.getRefreshToken())).getRefreshToken())
        .as("the owner's refresh token still works once")
        .isNotNull();
  }

  @Test
  void afterTheLoginSessionEndsItsGrantNoLongerRefreshesNorServesUserInfo() throws Exception {
    Tokens first = codeExchanged();

    assertThat(running.client.delete("/sessions", session).status()).isEqualTo(302);

    assertThat(errorCode(party.refresh(base, first.getRefreshToken())))
        .as("a grant without offline_access belongs to its login session")
        .isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, first.getBearerAccessToken()).getStatusCode())
        .isEqualTo(401);
  }

  /** Logs the user in, authorizes the client and exchanges the code. */
  private Tokens codeExchanged() throws Exception {
    ApiClient api = running.client;
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
    session =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        party.authorize(api, session, verifier, new Nonce(), new State());
    Tokens tokens = success(party.exchange(base, authorized.getAuthorizationCode(), verifier));
    assertThat(tokens.getRefreshToken()).as("the client is allowed refresh tokens").isNotNull();
    return tokens;
  }

  private String userId() {
    String[] session =
        running
            .client
            .postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD))
            .sessionCookie();
    return running.client.get("/sessions/whoami", session).json().at("/user/id").asText();
  }

  static Tokens success(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("%s", response.toHTTPResponse().getBody()).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  static String errorCode(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("a token error").isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }
}
