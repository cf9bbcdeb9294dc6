package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
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
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The authorization code flow over the real server, driven by Nimbus's relying-party side:
 * discovery, the authorization endpoint with the Bienvenue session, the code exchanged with PKCE
 * for an ID token that verifies against the JWKS, UserInfo, and a replayed code refused.
 */
class OidcFlowHttpTest {

  private static final String CALLBACK = "https://app.example.org/cb";
  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  private final ApiClient api = service.api();
  private RegisteredClient client;
  private OIDCProviderMetadata metadata;
  private String[] session;

  @BeforeEach
  void setUp() throws Exception {
    // Nimbus's validator checks expiry against this machine's clock: the service's is brought to
    // it.
    service.clock().advance(Duration.between(service.clock().instant(), Instant.now()));
    client =
        RelyingParty.registerClient(
            service.config().database(),
            new NewClient(
                "Wiki", List.of(CALLBACK), List.of(), false, false, true, IdTokenAlgorithm.ES256));
    metadata =
        OIDCProviderMetadata.parse(api.get("/.well-known/openid-configuration").raw().body());
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
    session =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
  }

  @Test
  void aLoggedInPersonsCodeBecomesAnIdTokenAndUserInfoForThatPerson() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    Nonce nonce = new Nonce();
    State state = new State();
    Reply authorized = api.get(authorizePath(verifier, nonce, state), session);

    assertThat(authorized.status()).isEqualTo(302);
    AuthorizationSuccessResponse response =
        AuthorizationResponse.parse(URI.create(authorized.header("Location").orElseThrow()))
            .toSuccessResponse();
    assertThat(response.getState()).isEqualTo(state);
    assertThat(response.getIssuer()).isEqualTo(metadata.getIssuer());

    TokenResponse exchanged = exchange(response.getAuthorizationCode(), verifier);
    assertThat(exchanged.indicatesSuccess()).as("%s", exchanged).isTrue();
    OIDCTokenResponse tokens = (OIDCTokenResponse) exchanged.toSuccessResponse();
    JWT idToken = tokens.getOIDCTokens().getIDToken();
    IDTokenValidator validator =
        new IDTokenValidator(
            metadata.getIssuer(),
            new ClientID(client.client().clientId()),
            JWSAlgorithm.ES256,
            JWKSet.parse(api.get("/oauth/jwks").raw().body()));
    IDTokenClaimsSet claims = validator.validate(idToken, nonce);
    assertThat(claims.getClaim("email")).isEqualTo(EMAIL);
    assertThat(claims.getAuthenticationTime()).isNotNull();
    assertThat(claims.getSubject().getValue())
        .isEqualTo(api.get("/sessions/whoami", session).json().path("user").path("id").asText());
    assertThat(tokens.getOIDCTokens().getRefreshToken()).isNotNull();

    BearerAccessToken access = tokens.getOIDCTokens().getBearerAccessToken();
    HTTPResponse info =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), access).toHTTPRequest().send();
    UserInfoResponse parsed = UserInfoResponse.parse(info);
    assertThat(parsed.indicatesSuccess()).as(info.getBody()).isTrue();
    assertThat(((UserInfoSuccessResponse) parsed).getUserInfo().getEmailAddress()).isEqualTo(EMAIL);

    TokenResponse replay = exchange(response.getAuthorizationCode(), verifier);
    assertThat(replay.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) replay).getErrorObject().getCode()).isEqualTo("invalid_grant");
    HTTPResponse afterReplay =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), access).toHTTPRequest().send();
    assertThat(afterReplay.getStatusCode())
        .as("a replayed code revokes what it was exchanged for")
        .isEqualTo(401);
  }

  @Test
  void aClientNeedingConsentGetsItsCodeOnceTheConsentPagePostsAllow() throws Exception {
    RegisteredClient thirdParty;
    thirdParty =
        RelyingParty.registerClient(
            service.config().database(),
            new NewClient(
                "Third", List.of(CALLBACK), List.of(), false, true, false, IdTokenAlgorithm.ES256));
    client = thirdParty;
    String path = authorizePath(new CodeVerifier(), new Nonce(), new State("st-2"));

    Reply asked = api.get(path, session);
    assertThat(asked.status()).isEqualTo(302);
    String consent = asked.header("Location").orElseThrow();
    assertThat(consent).startsWith("/ui/consent?");
    Map<String, String> form = new java.util.LinkedHashMap<>();
    com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(
            consent.substring(consent.indexOf('?') + 1))
        .forEach((name, values) -> form.put(name, values.get(0)));
    form.put("consent", "allow");
    String origin = "http://127.0.0.1:" + service.port();
    Reply allowed =
        api.postForm(
            "/oauth/consent",
            form,
            concat(session, "Origin", origin, "Sec-Fetch-Site", "same-origin"));

    assertThat(allowed.status()).as(allowed.raw().body()).isEqualTo(200);
    assertThat(allowed.json().path("redirect_to").asText()).startsWith(CALLBACK + "?code=");
    Reply viaAuthorize = api.postForm("/oauth/authorize", form, session);
    assertThat(viaAuthorize.header("Location").orElseThrow())
        .as("consent is remembered; a consent field sent to the authorization endpoint is ignored")
        .startsWith(CALLBACK + "?code=");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void anUnknownClientIsAnsweredInPlaceWithTheProtocolsJsonError() {
    Reply refused = api.get("/oauth/authorize?client_id=nobody&response_type=code", session);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.headers("Location")).isEmpty();
    assertThat(refused.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(refused.json().path("error_description").asText()).contains("client_id");
  }

  @Test
  void aRelyingPartysCrossSiteFormPostIsAnsweredAsTheSameRequestByGet() {
    String path = authorizePath(new CodeVerifier(), new Nonce(), new State("st-3"));
    Map<String, String> form = new java.util.LinkedHashMap<>();
    com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(path.substring(path.indexOf('?') + 1))
        .forEach((name, values) -> form.put(name, values.get(0)));

    // A browser posting the form from the app's page: another site, and no SameSite=Lax cookie.
    Reply posted =
        api.postForm(
            "/oauth/authorize",
            form,
            "Origin",
            "https://app.example.org",
            "Sec-Fetch-Site",
            "cross-site");

    assertThat(posted.status()).as(posted.raw().body()).isEqualTo(303);
    assertThat(posted.header("Location").orElseThrow())
        .as("to the login page and back to the same request, as a GET without a session is")
        .startsWith("/ui/login?return_to=%2Foauth%2Fauthorize%3F")
        .contains("st-3");
  }

  @Test
  void withoutASessionThePersonIsSentToLogInAndBack() {
    Reply authorized = api.get(authorizePath(new CodeVerifier(), new Nonce(), new State()));

    assertThat(authorized.status()).isEqualTo(302);
    assertThat(authorized.header("Location").orElseThrow())
        .startsWith("/ui/login?return_to=%2Foauth%2Fauthorize%3F");
  }

  private String authorizePath(CodeVerifier verifier, Nonce nonce, State state) {
    URI uri =
        new AuthenticationRequest.Builder(
                new ResponseType("code"),
                new Scope("openid", "email"),
                new ClientID(client.client().clientId()),
                URI.create(CALLBACK))
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private TokenResponse exchange(AuthorizationCode code, CodeVerifier verifier) throws Exception {
    TokenRequest request =
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(),
                new ClientSecretBasic(
                    new ClientID(client.client().clientId()),
                    new Secret(client.secret().orElseThrow())),
                new AuthorizationCodeGrant(code, URI.create(CALLBACK), verifier))
            .build();
    return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
  }
}
