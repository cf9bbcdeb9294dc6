package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import java.time.Clock;
import java.util.Map;

/**
 * The setting of the OpenID Connect HTTP contracts: the service on a test database, a confidential
 * relying party registered on it, and Ada, who logs in and authorizes a client when asked.
 */
final class OidcHttpFixture implements AutoCloseable {

  static final String EMAIL = "ada@example.org";
  static final String PASSWORD = "pwd-of-ada";

  final TestDatabase database;
  final RunningService running;
  final RelyingParty party;
  final String base;
  private final ServiceOnDatabase service;
  private String[] session;

  /** Starts the service on {@code database} with {@code clock} and registers the party. */
  OidcHttpFixture(TestDatabase database, Clock clock) {
    this.service = ServiceOnDatabase.start(database, clock);
    this.database = database;
    this.running = service.running;
    this.base = service.base();
    try {
      this.party = RelyingParty.register(database.location());
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** Ada's login session, from the last {@link #codeExchanged}. */
  String[] session() {
    return session;
  }

  /** Logs Ada in, has her authorize {@code client}, and exchanges the code. */
  Tokens codeExchanged(RelyingParty client) throws Exception {
    return codeExchanged(client, new Scope("openid", "email"));
  }

  /** Logs Ada in, has her authorize {@code client} for {@code scope}, and exchanges the code. */
  Tokens codeExchanged(RelyingParty client, Scope scope) throws Exception {
    ApiClient api = running.client;
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
    session =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        client.authorize(api, session, verifier, new Nonce(), new State(), scope);
    Tokens tokens = success(client.exchange(base, authorized.getAuthorizationCode(), verifier));
    assertThat(tokens.getRefreshToken()).as("the client is allowed refresh tokens").isNotNull();
    return tokens;
  }

  /** Ada's public id, as whoami gives it. */
  String userId() {
    String[] fresh =
        running
            .client
            .postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD))
            .sessionCookie();
    return running.client.get("/sessions/whoami", fresh).json().at("/user/id").asText();
  }

  static Tokens success(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("%s", response.toHTTPResponse().getBody()).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  static String errorCode(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("a token error").isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  @Override
  public void close() {
    service.close();
  }
}
