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
import com.nimbusds.oauth2.sdk.util.URLUtils;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    return register(database, "Wiki", false, List.of(), IdTokenAlgorithm.ES256);
  }

  /**
   * Registers a client named {@code name} that asks users to consent (a third-party app) on the
   * database at {@code database}, allowed refresh tokens too, and returns its relying party.
   */
  public static RelyingParty registerNeedingConsent(String database, String name) {
    return register(database, name, true, List.of(), IdTokenAlgorithm.ES256);
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
    return register(database, "Wiki", false, List.of(LOGGED_OUT), algorithm);
  }

  /** {@link #registerPublic(String, String)} of a phone app named "Wiki". */
  public static RelyingParty registerPublic(String database) {
    return registerPublic(database, "Wiki");
  }

  /**
   * Registers a public client (no secret: PKCE and its id alone) allowed refresh tokens, named
   * {@code name}, on the database at {@code database}, and returns its relying party.
   */
  public static RelyingParty registerPublic(String database, String name) {
    return new RelyingParty(
        registerClient(
            database,
            new NewClient(
                name, List.of(CALLBACK), List.of(), true, false, true, IdTokenAlgorithm.ES256)));
  }

  private static RelyingParty register(
      String database,
      String name,
      boolean consent,
      List<String> postLogoutRedirectUris,
      IdTokenAlgorithm algorithm) {
    return new RelyingParty(
        registerClient(
            database,
            new NewClient(
                name, List.of(CALLBACK), postLogoutRedirectUris, false, consent, true, algorithm)));
  }

  /** Registers {@code client} on the database at {@code database}, as {@code client add} does. */
  public static RegisteredClient registerClient(String database, NewClient client) {
    try (Administration admin =
        Administration.open(database, 4, PasswordPolicy.development(), Clock.systemUTC())) {
      return admin.clients().add(client);
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
    return authorize(api, session, verifier, nonce, state, new Scope("openid", "email"));
  }

  /** {@link #authorize(ApiClient, String[], CodeVerifier, Nonce, State)} for {@code scope}. */
  public AuthorizationSuccessResponse authorize(
      ApiClient api, String[] session, CodeVerifier verifier, Nonce nonce, State state, Scope scope)
      throws Exception {
    Reply reply = api.get(authorizationPath(verifier, nonce, state, scope), session);
    String location = reply.header("Location").orElse("");
    if (reply.status() != 302 || !location.startsWith(CALLBACK)) {
      throw new AssertionError(
          "the authorization answered " + reply.status() + " to " + location + ": " + reply.raw());
    }
    return successAt(location);
  }

  /**
   * Sends the authorization request as {@link #authorize} does, to a client that needs consent, and
   * answers the consent page with {@code allow} as the page does, from {@code origin} (the
   * service's own).
   *
   * @throws AssertionError if the request is not sent to the consent page, or the answer does not
   *     go back to the client with a code
   */
  public AuthorizationSuccessResponse authorizeWithConsent(
      ApiClient api, String[] session, CodeVerifier verifier, String origin) throws Exception {
    Reply allowed = answerConsent(api, session, verifier, origin, "allow");
    String location = allowed.status() == 200 ? allowed.json().path("redirect_to").asText() : "";
    if (!location.startsWith(CALLBACK)) {
      throw new AssertionError("the consent answered " + allowed.status() + ": " + allowed.raw());
    }
    return successAt(location);
  }

  /**
   * Sends the authorization request as {@link #authorize} does, to a client that needs consent, and
   * answers the consent page with {@code answer} ({@code allow} or {@code deny}) as the page does,
   * from {@code origin}; returns the answer's reply.
   *
   * @throws AssertionError if the request is not sent to the consent page
   */
  public Reply answerConsent(
      ApiClient api, String[] session, CodeVerifier verifier, String origin, String answer) {
    String consentPage = authorizationLocation(api, session, verifier);
    if (!consentPage.contains("/ui/consent?")) {
      throw new AssertionError("the authorization did not ask for consent: " + consentPage);
    }
    Map<String, String> form = new LinkedHashMap<>();
    URLUtils.parseParameters(consentPage.substring(consentPage.indexOf('?') + 1))
        .forEach((name, values) -> form.put(name, values.get(0)));
    form.put("consent", answer);
    String[] headers = Arrays.copyOf(session, session.length + 4);
    System.arraycopy(
        new String[] {"Origin", origin, "Sec-Fetch-Site", "same-origin"},
        0,
        headers,
        session.length,
        4);
    return api.postForm("/oauth/consent", form, headers);
  }

  /**
   * Sends the authorization request to {@code api} with {@code session} and returns where it
   * redirects: the client, the login page or the consent page.
   */
  public String authorizationLocation(ApiClient api, String[] session, CodeVerifier verifier) {
    Reply reply =
        api.get(
            authorizationPath(verifier, new Nonce(), new State(), new Scope("openid", "email")),
            session);
    return reply.header("Location").orElse("");
  }

  private String authorizationPath(CodeVerifier verifier, Nonce nonce, State state, Scope scope) {
    URI uri =
        new AuthenticationRequest.Builder(
                new ResponseType("code"), scope, clientId(), URI.create(CALLBACK))
            .endpointURI(URI.create("http://127.0.0.1/oauth/authorize"))
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private static AuthorizationSuccessResponse successAt(String location) throws Exception {
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
    // A confidential client authenticates with HTTP Basic; a public one sends its id alone.
    TokenRequest request =
        secretBasic()
            .map(basic -> new TokenRequest.Builder(endpoint, basic, grant))
            .orElseGet(() -> new TokenRequest.Builder(endpoint, clientId(), grant))
            .build();
    return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
  }
}
