package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client allowed refresh tokens (confidential, or public), registered on a service's database,
 * and Nimbus's relying-party side for it: the authorization request with PKCE, the token endpoint's
 * two grants, UserInfo, revocation and introspection, each sent to whichever instance a test names
 * by its base URL.
 */
public final class RelyingParty {

  /** The client's one redirect URI. */
  public static final String CALLBACK = "https://app.example.org/cb";

  private final RegisteredClient client;

  private RelyingParty(RegisteredClient client) {
    this.client = client;
  }

  /** Registers the client on the database at {@code database} and returns its relying party. */
  public static RelyingParty register(String database) {
    return register(database, false);
  }

  /**
   * Registers a public client allowed refresh tokens (a phone app: no secret, PKCE) on the database
   * at {@code database} and returns its relying party.
   */
  public static RelyingParty registerPublic(String database) {
    return register(database, true);
  }

  private static RelyingParty register(String database, boolean publicClient) {
    try (Administration admin =
        Administration.open(database, 4, PasswordPolicy.development(), Clock.systemUTC())) {
      return new RelyingParty(
          admin
              .clients()
              .add(
                  new NewClient(
                      "Wiki",
                      List.of(CALLBACK),
                      List.of(),
                      publicClient,
                      false,
                      true,
                      IdTokenAlgorithm.ES256)));
    }
  }

  /** The client's id. */
  public ClientID clientId() {
    return new ClientID(client.client().clientId());
  }

  /**
   * Sends the authorization request (scopes {@code openid email}) to {@code api} with {@code
   * session}, and reads the success response it redirects to.
   *
   * @throws AssertionError if the answer is not a redirect to the client with a code
   */
  public AuthorizationSuccessResponse authorize(
      ApiClient api, String[] session, CodeVerifier verifier, Nonce nonce, State state)
      throws Exception {
    return authorize(api, session, verifier, nonce, state, new Scope("openid", "email"));
  }

  /** {@link #authorize(ApiClient, String[], CodeVerifier, Nonce, State)} for {@code scope}. */
  public AuthorizationSuccessResponse authorize(
      ApiClient api, String[] session, CodeVerifier verifier, Nonce nonce, State state, Scope scope)
      throws Exception {
    URI uri =
        new AuthenticationRequest.Builder(
                new ResponseType("code"), scope, clientId(), URI.create(CALLBACK))
            .endpointURI(URI.create("http://127.0.0.1/oauth/authorize"))
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    Reply reply = api.get(uri.getRawPath() + "?" + uri.getRawQuery(), session);
    String location = reply.header("Location").orElse("");
    if (reply.status() != 302 || !location.startsWith(CALLBACK)) {
      throw new AssertionError(
          "the authorization answered " + reply.status() + " to " + location + ": " + reply.raw());
    }
    AuthorizationResponse response = AuthorizationResponse.parse(URI.create(location));
    if (!response.indicatesSuccess()) {
      throw new AssertionError("the authorization was refused: " + location);
    }
    return response.toSuccessResponse();
  }

  /** Exchanges {@code code} with {@code verifier} at the token endpoint of {@code base}. */
  public TokenResponse exchange(String base, AuthorizationCode code, CodeVerifier verifier)
      throws Exception {
    return token(base, new AuthorizationCodeGrant(code, URI.create(CALLBACK), verifier));
  }

  /** Sends {@code refreshToken} to the token endpoint of {@code base}. */
  public TokenResponse refresh(String base, RefreshToken refreshToken) throws Exception {
    return token(base, new RefreshTokenGrant(refreshToken));
  }

  /** Asks UserInfo at {@code base} with {@code access}. */
  public static HTTPResponse userInfo(String base, BearerAccessToken access) throws IOException {
    return new UserInfoRequest(URI.create(base + "/oauth/userinfo"), access).toHTTPRequest().send();
  }

  /**
   * Asks the revocation endpoint of {@code base} to revoke {@code token} (RFC 7009), with the
   * client's secret by HTTP Basic, or its client id for a public client; {@code token_type_hint}
   * follows the token's class ({@link RefreshToken}, an access token, or none for another).
   */
  public HTTPResponse revoke(String base, Token token) throws IOException {
    URI endpoint = URI.create(base + "/oauth/revoke");
    TokenRevocationRequest request =
        secretBasic()
            .map(basic -> new TokenRevocationRequest(endpoint, basic, token))
            .orElseGet(() -> new TokenRevocationRequest(endpoint, clientId(), token));
    return request.toHTTPRequest().send();
  }

  /**
   * Asks the introspection endpoint of {@code base} what {@code token} is (RFC 7662), with the
   * client's secret by HTTP Basic, or only its client id for a public client (which is refused).
   */
  public HTTPResponse introspect(String base, Token token) throws IOException {
    URI endpoint = URI.create(base + "/oauth/introspect");
    TokenIntrospectionRequest request =
        secretBasic()
            .map(basic -> new TokenIntrospectionRequest(endpoint, basic, token))
            .orElseGet(
                () ->
                    new TokenIntrospectionRequest(
                        endpoint, token, Map.of("client_id", List.of(clientId().getValue()))));
    return request.toHTTPRequest().send();
  }

  private Optional<ClientAuthentication> secretBasic() {
    return client.secret().map(secret -> new ClientSecretBasic(clientId(), new Secret(secret)));
  }

  private TokenResponse token(String base, AuthorizationGrant grant) throws Exception {
    Objects.requireNonNull(base, "base");
    URI endpoint = URI.create(base + "/oauth/token");
    TokenRequest request =
        secretBasic()
            .map(basic -> new TokenRequest.Builder(endpoint, basic, grant))
            .orElseGet(() -> new TokenRequest.Builder(endpoint, clientId(), grant))
            .build();
    return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
  }
}
