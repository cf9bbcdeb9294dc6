package io.bienvenue.oauth;

import static io.bienvenue.oauth.OidcHttpFixture.errorCode;
import static io.bienvenue.oauth.OidcHttpFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import io.bienvenue.testing.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh over the real server with Nimbus's client side, on the database a subclass gives: each
 * refresh token works once and is replaced, and a used one sent again revokes the whole family, the
 * newest refresh token and access token with it.
 */
abstract class OidcRefreshHttpContract {

  private OidcHttpFixture fixture;
  private RelyingParty party;
  private String base;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    fixture = new OidcHttpFixture(newDatabase(), Clock.systemUTC());
    party = fixture.party;
    base = fixture.base;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
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
    assertThat(((UserInfoSuccessResponse) info).getUserInfo().getEmailAddress())
        .isEqualTo(OidcHttpFixture.EMAIL);
    assertThat(((UserInfoSuccessResponse) info).getUserInfo().getSubject().getValue())
        .isEqualTo(fixture.userId());
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
    RelyingParty other = RelyingParty.register(fixture.database.location());

    assertThat(errorCode(other.refresh(base, first.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(success(party.refresh(base, first.getRefreshToken())).getRefreshToken())
        .as("the owner's refresh token still works once")
        .isNotNull();
  }

  @Test
  void afterTheLoginSessionEndsItsGrantNoLongerRefreshesNorServesUserInfo() throws Exception {
    Tokens first = codeExchanged();

    assertThat(fixture.running.client.delete("/sessions", fixture.session()).status())
        .isEqualTo(302);

    assertThat(errorCode(party.refresh(base, first.getRefreshToken())))
        .as("a grant without offline_access belongs to its login session")
        .isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, first.getBearerAccessToken()).getStatusCode())
        .isEqualTo(401);
  }

  private Tokens codeExchanged() throws Exception {
    return fixture.codeExchanged(party);
  }
}
