package io.bienvenue.oauth;

import static io.bienvenue.oauth.OidcHttpFixture.EMAIL;
import static io.bienvenue.oauth.OidcHttpFixture.errorCode;
import static io.bienvenue.oauth.OidcHttpFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.bienvenue.Administration;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.store.Database;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation (RFC 7009) and introspection (RFC 7662) over the real server with Nimbus's client
 * side, on the database a subclass gives: what each kind of token revokes, that another client's
 * token is left alone, what introspection says of every kind of token, and that it says {@code
 * active: false} once the session ended, the user is disabled or deleted, or consent withdrawn.
 */
abstract class OidcRevocationHttpContract {

  private OidcHttpFixture fixture;
  private MutableClock clock;
  private RelyingParty party;
  private String base;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    clock = MutableClock.startingNow();
    fixture = new OidcHttpFixture(newDatabase(), clock);
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
  void revokingARefreshTokenEndsItsWholeGrant() throws Exception {
    Tokens tokens = codeExchanged(party);

    HTTPResponse revoked = party.revoke(base, tokens.getRefreshToken());

    assertThat(revoked.getStatusCode()).isEqualTo(200);
    assertThat(errorCode(party.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .as("the access token of the same grant")
        .isEqualTo(401);
    assertThat(introspected(party, tokens.getBearerAccessToken()).isActive()).isFalse();
  }

  @Test
  void revokingAnAccessTokenEndsTheGrantItNames() throws Exception {
    Tokens tokens = codeExchanged(party);

    HTTPResponse revoked = party.revoke(base, tokens.getBearerAccessToken());

    assertThat(revoked.getStatusCode()).isEqualTo(200);
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .isEqualTo(401);
    assertThat(errorCode(party.refresh(base, tokens.getRefreshToken())))
        .as("the refresh token of the same grant")
        .isEqualTo("invalid_grant");
  }

  @Test
  void theHintIsOnlyAHint() throws Exception {
    Tokens tokens = codeExchanged(party);

    HTTPResponse revoked =
        party.revoke(base, new TypelessToken(tokens.getBearerAccessToken().getValue()));

    assertThat(revoked.getStatusCode()).isEqualTo(200);
    assertThat(errorCode(party.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
  }

  @Test
  void anotherClientsTokensAreAnswered200AndStayLive() throws Exception {
    Tokens tokens = codeExchanged(party);
    RelyingParty other = RelyingParty.register(fixture.database.location());

    assertThat(other.revoke(base, tokens.getRefreshToken()).getStatusCode()).isEqualTo(200);
    assertThat(other.revoke(base, tokens.getBearerAccessToken()).getStatusCode()).isEqualTo(200);

    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .isEqualTo(200);
    assertThat(success(party.refresh(base, tokens.getRefreshToken())).getRefreshToken())
        .isNotNull();
  }

  @Test
  void anUnknownOrMalformedTokenIsAnswered200() throws Exception {
    Tokens tokens = codeExchanged(party);

    for (String garbage : new String[] {"garbage", "a.b.c", "x".repeat(43), "ÿ"}) {
      assertThat(party.revoke(base, new TypelessToken(garbage)).getStatusCode())
          .as(garbage)
          .isEqualTo(200);
    }
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .isEqualTo(200);
  }

  @Test
  void aPublicClientRevokesWithItsClientIdOnly() throws Exception {
    RelyingParty phone = RelyingParty.registerPublic(fixture.database.location());
    Tokens tokens = codeExchanged(phone);

    assertThat(phone.revoke(base, tokens.getRefreshToken()).getStatusCode()).isEqualTo(200);

    assertThat(errorCode(phone.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
  }

  @Test
  void revocationWithoutATokenIsInvalidRequest() throws Exception {
    HTTPResponse response = form("/oauth/revoke", "client_id=" + party.clientId()).send();

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(error(response)).isEqualTo("invalid_request");
  }

  @Test
  void aWrongSecretIsInvalidClientWithTheBasicChallenge() throws Exception {
    for (String path : new String[] {"/oauth/revoke", "/oauth/introspect"}) {
      HTTPRequest request = form(path, "token=abc");
      request.setAuthorization(
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString((party.clientId() + ":wrong").getBytes()));

      HTTPResponse response = request.send();

      assertThat(response.getStatusCode()).as(path).isEqualTo(401);
      assertThat(error(response)).as(path).isEqualTo("invalid_client");
      assertThat(response.getHeaderValue("WWW-Authenticate")).as(path).startsWith("Basic");
    }
  }

  @Test
  void aLiveAccessTokenIsIntrospectedWithWhatItIs() throws Exception {
    Tokens tokens = codeExchanged(party);

    HTTPResponse response = party.introspect(base, tokens.getBearerAccessToken());
    TokenIntrospectionSuccessResponse answer =
        TokenIntrospectionResponse.parse(response).toSuccessResponse();

    assertThat(response.getHeaderValue("Cache-Control")).isEqualTo("no-store");
    assertThat(answer.isActive()).isTrue();
    assertThat(answer.getScope().toStringList()).containsExactlyInAnyOrder("openid", "email");
    assertThat(answer.getClientID()).isEqualTo(party.clientId());
    assertThat(answer.getSubject().getValue()).isEqualTo(fixture.userId());
    assertThat(answer.getUsername()).isEqualTo(EMAIL);
    assertThat(answer.getTokenType()).isEqualTo(AccessTokenType.BEARER);
    assertThat(answer.getIssuer().getValue()).isEqualTo(base);
    assertThat(answer.getAudience()).extracting(a -> a.getValue()).containsExactly(base);
    assertThat(answer.getExpirationTime()).isAfter(answer.getIssueTime());
  }

  @Test
  void withoutTheEmailScopeThereIsNoUsername() throws Exception {
    Tokens tokens = fixture.codeExchanged(party, new Scope("openid"));

    TokenIntrospectionSuccessResponse answer = introspected(party, tokens.getBearerAccessToken());

    assertThat(answer.isActive()).isTrue();
    assertThat(answer.getScope().toStringList()).containsExactly("openid");
    assertThat(answer.getUsername()).isNull();
    assertThat(answer.toJSONObject().toJSONString()).doesNotContain(EMAIL);
  }

  @Test
  void aRefreshTokenIsActiveOnlyToItsOwnClient() throws Exception {
    Tokens tokens = codeExchanged(party);
    RelyingParty other = RelyingParty.register(fixture.database.location());

    TokenIntrospectionSuccessResponse own = introspected(party, tokens.getRefreshToken());
    TokenIntrospectionSuccessResponse others = introspected(other, tokens.getRefreshToken());

    assertThat(own.isActive()).isTrue();
    assertThat(own.getClientID()).isEqualTo(party.clientId());
    assertThat(own.getSubject().getValue()).isEqualTo(fixture.userId());
    assertThat(own.getTokenType()).as("not a bearer access token").isNull();
    assertThat(others.isActive()).isFalse();
    assertThat(others.toJSONObject()).containsOnlyKeys("active");
  }

  @Test
  void idTokensSessionTokensAndGarbageAreInactive() throws Exception {
    OIDCTokens tokens = codeExchanged(party).toOIDCTokens();
    String sessionToken =
        fixture
            .running
            .client
            .postForm(
                "/sessions/token", Map.of("email", EMAIL, "password", OidcHttpFixture.PASSWORD))
            .json()
            .path("session_token")
            .asText();

    for (String token :
        new String[] {
          tokens.getIDTokenString(), sessionToken, "garbage", "a.b.c", "x".repeat(43)
        }) {
      assertThat(introspected(party, new TypelessToken(token)).isActive()).as(token).isFalse();
    }
    assertThat(sessionToken).as("a session token was issued").isNotEmpty();
  }

  @Test
  void anExpiredAccessTokenIsInactive() throws Exception {
    Tokens tokens = codeExchanged(party);

    clock.advance(TokenIssuer.ACCESS_TOKEN_LIFETIME.plus(Duration.ofSeconds(1)));

    assertThat(introspected(party, tokens.getBearerAccessToken()).isActive()).isFalse();
    assertThat(introspected(party, tokens.getRefreshToken()).isActive())
        .as("the refresh token lives on")
        .isTrue();
  }

  @Test
  void afterLogoutOfItsSessionNothingIsActive() throws Exception {
    Tokens tokens = codeExchanged(party);

    assertThat(fixture.running.client.delete("/sessions", fixture.session()).status())
        .isEqualTo(302);

    assertNothingLive(tokens);
  }

  @Test
  void aDisabledUsersTokensAreInactive() throws Exception {
    Tokens tokens = codeExchanged(party);

    try (Administration admin = administration()) {
      admin.users().disable(EMAIL);
    }

    assertNothingLive(tokens);
  }

  @Test
  void aDeletedUsersTokensAreInactive() throws Exception {
    Tokens tokens = codeExchanged(party);

    try (Administration admin = administration()) {
      admin.users().delete(EMAIL);
    }

    assertNothingLive(tokens);
  }

  @Test
  void withdrawnConsentLeavesNothingActive() throws Exception {
    Tokens tokens = codeExchanged(party);

    try (Database db = Database.open(fixture.database.location(), 1)) {
      Stores stores = Stores.on(db, clock);
      long userId = stores.users().findByEmail(EMAIL).orElseThrow().id();
      WebhookEvents webhookEvents =
          WebhookEvents.over(stores, new io.bienvenue.auth.token.Tokens(new SecureRandom()), clock);
      assertThat(
              new Consents(stores, webhookEvents, clock)
                  .revoke(userId, party.clientId().getValue()))
          .as("a consent or grant to withdraw")
          .isTrue();
    }

    assertNothingLive(tokens);
  }

  @Test
  void aPublicClientMayNotIntrospect() throws Exception {
    RelyingParty phone = RelyingParty.registerPublic(fixture.database.location());
    Tokens tokens = codeExchanged(phone);

    HTTPResponse response = phone.introspect(base, tokens.getBearerAccessToken());

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(error(response)).isEqualTo("invalid_client");
  }

  private Tokens codeExchanged(RelyingParty client) throws Exception {
    return fixture.codeExchanged(client);
  }

  /** Asserts that neither UserInfo nor introspection takes {@code tokens} any more. */
  private void assertNothingLive(Tokens tokens) throws Exception {
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .as("UserInfo with the access token")
        .isEqualTo(401);
    assertThat(introspected(party, tokens.getBearerAccessToken()).isActive())
        .as("the access token introspected")
        .isFalse();
    assertThat(introspected(party, tokens.getRefreshToken()).isActive())
        .as("the refresh token introspected")
        .isFalse();
  }

  private TokenIntrospectionSuccessResponse introspected(RelyingParty client, Token token)
      throws Exception {
    HTTPResponse response = client.introspect(base, token);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    return TokenIntrospectionResponse.parse(response).toSuccessResponse();
  }

  private Administration administration() {
    return Administration.open(fixture.database.location(), 4, PasswordPolicy.development(), clock);
  }

  private HTTPRequest form(String path, String body) {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(base + path));
    request.setHeader("Content-Type", "application/x-www-form-urlencoded");
    request.setBody(body);
    return request;
  }

  private static String error(HTTPResponse response) throws Exception {
    JsonNode json = new ObjectMapper().readTree(response.getBody());
    return json.path("error").asText();
  }
}
