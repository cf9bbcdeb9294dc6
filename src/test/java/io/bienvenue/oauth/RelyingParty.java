package io.bienvenue.oauth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
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
import java.util.Objects;

/**
 * A confidential client allowed refresh tokens, registered on a service's database, and Nimbus's
 * relying-party side for it: the authorization request with PKCE, the token endpoint's two grants,
 * and UserInfo, each sent to whichever instance a test names by its base URL.
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
    return register(database, List.of(), IdTokenAlgorithm.ES256);
  }

  /**
   * The post-logout redirect URI of a client registered by {@link #registerWithLogout}: with a
   * query of its own, so that the state is seen to be added to it.
   */
  public static final String LOGGED_OUT = "https://app.example.org/logged-out?from=wiki";

  /**
   * Registers, on the database at {@code database}, the same client with {@link #LOGGED_OUT} as its
   * post-logout redirect URI and its ID tokens signed with {@code algorithm}.
   */
  public static RelyingParty registerWithLogout(String database, IdTokenAlgorithm algorithm) {
    return register(database, List.of(LOGGED_OUT), algorithm);
  }

  private static RelyingParty register(
      String database, List<String> postLogoutRedirectUris, IdTokenAlgorithm algorithm) {
    try (Administration admin =
        Administration.open(database, 4, PasswordPolicy.development(), Clock.systemUTC())) {
      return new RelyingParty(
          admin
              .clients()
              .add(
                  new NewClient(
                      "Wiki",
                      List.of(CALLBACK),
                      postLogoutRedirectUris,
                      false,
                      false,
                      true,
                      algorithm)));
    }
  }

  /**
   * The path and query of an end-session request (Nimbus's {@link LogoutRequest}) with {@code
   * idTokenHint}, this client's post-logout URI and {@code state}, each when not null.
   */
  public static String logoutPath(JWT idTokenHint, String postLogoutRedirectUri, State state) {
    URI uri =
        new LogoutRequest(
                URI.create("http://127.0.0.1/oauth/logout"),
                idTokenHint,
                postLogoutRedirectUri == null ? null : URI.create(postLogoutRedirectUri),
                state)
            .toURI();
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
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
    URI uri =
        new AuthenticationRequest.Builder(
                new ResponseType("code"),
                new Scope("openid", "email"),
                clientId(),
                URI.create(CALLBACK))
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

  private TokenResponse token(String base, AuthorizationGrant grant) throws Exception {
    Objects.requireNonNull(base, "base");
    TokenRequest request =
        new TokenRequest.Builder(
                URI.create(base + "/oauth/token"),
                new ClientSecretBasic(clientId(), new Secret(client.secret().orElseThrow())),
                grant)
            .build();
    return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
  }
}
