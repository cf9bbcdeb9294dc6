package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.oauth.NewClient;
import io.bienvenue.oauth.RegisteredClient;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input to the OpenID Connect endpoints over the real server: redirect URIs that are not
 * exactly a registered one (never redirected to, named in no header), duplicated, missing and
 * oversized parameters and bytes that are not UTF-8 at the authorization endpoint; replayed,
 * borrowed, expired and downgraded codes, and malformed requests at the token endpoint; forged,
 * tampered, mistyped and expired tokens at UserInfo. Requests are written as bytes with {@link
 * RawHttp}, so nothing between the test and the server tidies them up; no answer is a 5xx.
 */
class OidcHostileTest {

  private static final String CALLBACK = "https://app.example.org/cb";
  private static final String OTHER_CALLBACK = "https://other.example.org/cb";
  private static final String PUBLIC_CALLBACK = "https://spa.example.org/cb";
  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  private final ApiClient api = service.api();
  private RegisteredClient wiki;
  private RegisteredClient other;
  private RegisteredClient spa;
  private String cookie;
  private String issuer;

  @BeforeEach
  void setUp() throws Exception {
    try (Administration admin =
        Administration.open(
            service.config().database(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      wiki = admin.clients().add(client("Wiki", CALLBACK, false));
      other = admin.clients().add(client("Other", OTHER_CALLBACK, false));
      spa = admin.clients().add(client("Spa", PUBLIC_CALLBACK, true));
    }
    issuer = api.get("/.well-known/openid-configuration").json().path("issuer").asText();
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
    String[] session =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
    cookie = session[1];
  }

  // ---- the authorization endpoint ----

  /** Redirect URIs that are near a registered one but not it, as values before encoding. */
  static Stream<String> nearMisses() {
    return Stream.of(
        "https://APP.example.org/cb",
        "https://app.example.org/CB",
        "HTTPS://app.example.org/cb",
        "http://app.example.org/cb",
        "https://app.example.org/cb/",
        "https://app.example.org:443/cb",
        "https://app.example.org:8443/cb",
        "https://app.example.org%2Fcb",
        "https://app.example.org/cb%2F..%2F..%2Fevil.example",
        "https://app.example.org/cb#@evil.example",
        "https://app.example.org/cb#",
        "https://app.example.org@evil.example/cb",
        "https://app.example.org.evil.example/cb",
        "https://app.example.org/cb/../../evil.example",
        "https://app.example.org/cb/..",
        "javascript:alert(document.domain)//https://app.example.org/cb",
        "https://app.example.org/cb?next=https://evil.example",
        "https://app.example.org\\@evil.example/cb",
        "https://app.example.org/cbevil.example",
        " https://app.example.org/cb",
        "https://app.example.org/cb ",
        "//evil.example/cb",
        "");
  }

  @ParameterizedTest(name = "[{index}] redirect_uri={0}")
  @MethodSource("nearMisses")
  void aRedirectUriNotRegisteredExactlyIsRefusedInPlace(String redirectUri) throws IOException {
    RawAnswer answer = authorize(query(CALLBACK, "S256") + "&redirect_uri=" + enc(redirectUri));

    assertRefusedInPlace(answer);
  }

  @Test
  void thereAreAtLeastFifteenRedirectUriVariants() {
    assertThat(nearMisses().count()).isGreaterThanOrEqualTo(15);
  }

  @Test
  void twoRedirectUrisAreRefusedInPlaceEvenWhenOneIsRegistered() throws IOException {
    String both = "&redirect_uri=" + enc(CALLBACK) + "&redirect_uri=" + enc("https://evil.example");
    assertRefusedInPlace(authorize(query(CALLBACK, "S256") + both));
    assertRefusedInPlace(
        authorize(query(CALLBACK, "S256") + "&redirect_uri=" + enc(CALLBACK) + "&x=" + both));
  }

  @Test
  void aMissingRedirectUriIsRefusedInPlace() throws IOException {
    assertRefusedInPlace(authorize(query(CALLBACK, "S256")));
  }

  @Test
  void anotherClientsRedirectUriIsRefusedInPlace() throws IOException {
    assertRefusedInPlace(
        authorize(query(CALLBACK, "S256") + "&redirect_uri=" + enc(OTHER_CALLBACK)));
  }

  @Test
  void aDuplicatedClientIdIsRefusedInPlace() throws IOException {
    RawAnswer answer =
        authorize(base(CALLBACK) + "&client_id=" + wiki.client().clientId() + challenge());

    assertRefusedInPlace(answer);
  }

  @Test
  void anUnknownOrMissingClientIdIsRefusedInPlace() throws IOException {
    String rest = "&response_type=code&scope=openid&state=s1&redirect_uri=" + enc(CALLBACK);
    assertRefusedInPlace(authorize("client_id=nosuchclient" + rest + challenge()));
    assertRefusedInPlace(authorize(rest.substring(1) + challenge()));
  }

  @Test
  void aDuplicatedScopeIsAnErrorRedirectWithTheState() throws IOException {
    URI location = errorRedirect(authorize(full(CALLBACK) + "&scope=email"), CALLBACK);

    assertThat(param(location, "error")).isEqualTo("invalid_request");
    assertThat(param(location, "state")).isEqualTo("s1");
  }

  @Test
  void aDuplicatedStateIsAnErrorRedirectWithoutAState() throws IOException {
    URI location = errorRedirect(authorize(full(CALLBACK) + "&state=s2"), CALLBACK);

    assertThat(param(location, "error")).isEqualTo("invalid_request");
    assertThat(location.getRawQuery()).doesNotContain("state=");
  }

  @Test
  void aMissingResponseTypeIsAnInvalidRequest() throws IOException {
    String query = full(CALLBACK).replace("&response_type=code", "");

    URI location = errorRedirect(authorize(query), CALLBACK);

    assertThat(param(location, "error")).isEqualTo("invalid_request");
  }

  @Test
  void theImplicitResponseTypeIsUnsupported() throws IOException {
    for (String type : List.of("token", "id_token", "code%20token", "code%20id_token", "none")) {
      String query = full(CALLBACK).replace("response_type=code", "response_type=" + type);

      URI location = errorRedirect(authorize(query), CALLBACK);

      assertThat(param(location, "error")).as(type).isEqualTo("unsupported_response_type");
      assertThat(location.getRawFragment()).as(type).isNull();
    }
  }

  @Test
  void thePlainChallengeMethodIsRefused() throws IOException {
    String query =
        full(CALLBACK).replace("code_challenge_method=S256", "code_challenge_method=plain");

    URI location = errorRedirect(authorize(query), CALLBACK);

    assertThat(param(location, "error")).isEqualTo("invalid_request");
  }

  @Test
  void aChallengeWithoutMethodIsRefusedAsPlain() throws IOException {
    String query = full(CALLBACK).replace("&code_challenge_method=S256", "");

    assertThat(param(errorRedirect(authorize(query), CALLBACK), "error"))
        .isEqualTo("invalid_request");
  }

  @Test
  void aPublicClientWithoutPkceIsSentBackToItsRegisteredUriOnly() throws IOException {
    RawAnswer answer = authorize(base(PUBLIC_CALLBACK, spa));

    URI location = errorRedirect(answer, PUBLIC_CALLBACK);
    assertThat(param(location, "error")).isEqualTo("invalid_request");
    assertThat(param(location, "iss")).isEqualTo(issuer);
    assertThat(param(location, "code")).isNull();
  }

  @Test
  void oversizedValuesAreRefusedWithoutA5xx() throws IOException {
    String big = "a".repeat(6_000);
    RawAnswer state = authorize(full(CALLBACK).replace("state=s1", "state=" + big));
    assertThat(state.status()).as("%s", state).isIn(302, 400, 414, 431);
    assertRefusedInPlace(
        authorize(query(CALLBACK, "S256") + "&redirect_uri=" + enc(CALLBACK + "?" + big)));
    RawAnswer huge = authorize(full(CALLBACK).replace("state=s1", "state=" + "b".repeat(200_000)));
    assertThat(huge.status()).as("%s", huge).isBetween(400, 499);
    assertThat(huge.header("Location")).isEmpty();
  }

  @Test
  void bytesThatAreNotUtf8AreNeverA5xx() throws IOException {
    byte[] raw = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28};
    for (String name : List.of("state", "scope", "client_id", "redirect_uri", "nonce")) {
      RawAnswer encoded = authorize(full(CALLBACK) + "&" + name + "=%FF%FE%C3%28");
      assertNotServerError(encoded);
      RawAnswer bytes = authorizeBytes(full(CALLBACK) + "&" + name + "=", raw);
      assertNotServerError(bytes);
      assertThat(bytes.header("Location")).doesNotContain("code=");
    }
    assertRefusedInPlace(authorize(query(CALLBACK, "S256") + "&redirect_uri=" + CALLBACK + "%FF"));
  }

  @Test
  void theWellFormedRequestIsApproved() throws IOException {
    RawAnswer answer = authorize(full(CALLBACK));

    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    URI location = URI.create(answer.header("Location"));
    assertThat(param(location, "code")).isNotNull();
    assertThat(param(location, "iss")).isEqualTo(issuer);
  }

  // ---- the token endpoint ----

  @Test
  void aReplayedCodeIsRefusedAndRevokesTheTokensOfItsFirstUse() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);
    RawAnswer first = token(exchange(code, CALLBACK, verifier), basic(wiki));
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    String access = first.json().path("access_token").asText();
    assertThat(userInfo(access).status()).isEqualTo(200);

    assertTokenError(token(exchange(code, CALLBACK, verifier), basic(wiki)), 400, "invalid_grant");
    assertUnauthorized(userInfo(access));
  }

  @Test
  void aCodeRedeemedByAnotherClientIsRefusedAndBurnt() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);

    assertTokenError(token(exchange(code, CALLBACK, verifier), basic(other)), 400, "invalid_grant");
    assertTokenError(token(exchange(code, CALLBACK, verifier), basic(wiki)), 400, "invalid_grant");
  }

  @Test
  void anExpiredCodeIsRefused() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);
    service.clock().advance(Duration.ofSeconds(61));

    assertTokenError(token(exchange(code, CALLBACK, verifier), basic(wiki)), 400, "invalid_grant");
  }

  @Test
  void aWrongVerifierIsRefusedAndBurnsTheCode() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);

    assertTokenError(
        token(exchange(code, CALLBACK, new CodeVerifier()), basic(wiki)), 400, "invalid_grant");
    assertTokenError(token(exchange(code, CALLBACK, verifier), basic(wiki)), 400, "invalid_grant");
  }

  @Test
  void aMissingVerifierIsRefused() throws IOException {
    String code = code(wiki, CALLBACK, new CodeVerifier());

    assertTokenError(token(exchange(code, CALLBACK, null), basic(wiki)), 400, "invalid_grant");
  }

  @Test
  void aPublicClientsCodeNeedsItsVerifier() throws IOException {
    String code = code(spa, PUBLIC_CALLBACK, new CodeVerifier());
    String body = exchange(code, PUBLIC_CALLBACK, null) + "&client_id=" + spa.client().clientId();

    assertTokenError(token(body), 400, "invalid_grant");
  }

  @Test
  void aVerifierForACodeWithoutChallengeIsADowngradeRefused() throws IOException {
    RawAnswer answer = authorize(base(CALLBACK));
    String code = param(URI.create(answer.header("Location")), "code");
    assertThat(code).as("%s", answer).isNotNull();

    assertTokenError(
        token(exchange(code, CALLBACK, new CodeVerifier()), basic(wiki)), 400, "invalid_grant");
  }

  @Test
  void aRedirectUriOtherThanTheAuthorizationsIsRefused() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);

    assertTokenError(
        token(exchange(code, CALLBACK + "/", verifier), basic(wiki)), 400, "invalid_grant");
  }

  @Test
  void aMissingRedirectUriIsAnInvalidRequest() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);
    String body =
        "grant_type=authorization_code&code=" + code + "&code_verifier=" + verifier.getValue();

    assertTokenError(token(body, basic(wiki)), 400, "invalid_request");
  }

  @Test
  void garbageBodiesAreInvalidRequests() throws IOException {
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    for (String body : List.of("", "%%%", "\u0000\u0001", "=&=&==", "grant_type", "a=%ZZ&b=%")) {
      RawAnswer answer = token(body, basic(wiki));
      assertThat(answer.status()).as("%s", answer).isEqualTo(400);
      errors.put(body, answer.json().path("error").asText());
    }
    assertThat(errors.values()).containsOnly("invalid_request");
  }

  @Test
  void aJsonBodyIsAnInvalidRequest() throws IOException {
    String code = code(wiki, CALLBACK, new CodeVerifier());
    String json =
        "{\"grant_type\":\"authorization_code\",\"code\":\""
            + code
            + "\",\"redirect_uri\":\""
            + CALLBACK
            + "\"}";

    RawAnswer answer =
        send(
            "POST",
            "/oauth/token",
            "application/json",
            json.getBytes(StandardCharsets.UTF_8),
            basic(wiki));

    assertTokenError(answer, 400, "invalid_request");
  }

  @Test
  void aDuplicatedParameterIsAnInvalidRequest() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);
    String body = exchange(code, CALLBACK, verifier);

    assertTokenError(token(body + "&code=" + code, basic(wiki)), 400, "invalid_request");
    assertTokenError(
        token(body + "&grant_type=refresh_token", basic(wiki)), 400, "invalid_request");
    // The code was not spent by the refused requests.
    assertThat(token(body, basic(wiki)).status()).isEqualTo(200);
  }

  @Test
  void basicAndAPostedSecretTogetherAreAnInvalidRequest() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(wiki, CALLBACK, verifier);
    String body =
        exchange(code, CALLBACK, verifier)
            + "&client_id="
            + wiki.client().clientId()
            + "&client_secret="
            + enc(wiki.secret().orElseThrow());

    assertTokenError(token(body, basic(wiki)), 400, "invalid_request");
  }

  @Test
  void aWrongSecretIsAnInvalidClientWithABasicChallenge() throws IOException {
    String code = code(wiki, CALLBACK, new CodeVerifier());
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (wiki.client().clientId() + ":wrong").getBytes(StandardCharsets.UTF_8));

    RawAnswer answer = token(exchange(code, CALLBACK, null), "Authorization: " + wrong);

    assertTokenError(answer, 401, "invalid_client");
    assertThat(answer.header("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  void grantTypesOtherThanTheCodeAndRefreshAreUnsupported() throws IOException {
    for (String body :
        List.of(
            "grant_type=password&username=" + enc(EMAIL) + "&password=" + PASSWORD,
            "grant_type=client_credentials&scope=openid",
            "grant_type=implicit",
            "grant_type=made_up")) {
      RawAnswer answer = token(body, basic(wiki));
      assertTokenError(answer, 400, "unsupported_grant_type");
    }
  }

  // ---- UserInfo ----

  @Test
  void noTokenIsA401WithABearerChallenge() throws IOException {
    RawAnswer answer = send("GET", "/oauth/userinfo", null, new byte[0]);

    assertThat(answer.status()).as("%s", answer).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    assertUnauthorized(userInfo(""));
    assertUnauthorized(userInfo("not-a-jwt"));
    assertUnauthorized(
        send("GET", "/oauth/userinfo", null, new byte[0], "Authorization: Basic eDp5"));
  }

  @Test
  void aTamperedPayloadIsRefused() throws IOException {
    String[] parts = accessToken().split("\\.");
    char[] payload = parts[1].toCharArray();
    int middle = payload.length / 2;
    payload[middle] = payload[middle] == 'A' ? 'B' : 'A';

    assertUnauthorized(userInfo(parts[0] + "." + new String(payload) + "." + parts[2]));
  }

  @Test
  void aPayloadWithAnotherSubjectIsRefused() throws IOException, java.text.ParseException {
    String[] parts = accessToken().split("\\.");
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(SignedJWT.parse(accessToken()).getJWTClaimsSet())
            .subject("someone-else")
            .build();
    String payload = Base64URL.encode(claims.toString()).toString();

    assertUnauthorized(userInfo(parts[0] + "." + payload + "." + parts[2]));
  }

  @Test
  void aSignatureOfZerosIsRefused() throws IOException {
    // r = s = 0, which a broken ECDSA check once took for any message (CVE-2022-21449), and an
    // ES256 signature of the wrong length.
    String token = accessToken();
    String signed = token.substring(0, token.lastIndexOf('.') + 1);
    String zeros = Base64URL.encode(new byte[64]).toString();

    assertUnauthorized(userInfo(signed + zeros));
    assertUnauthorized(userInfo(signed + Base64URL.encode(new byte[63])));
    assertUnauthorized(userInfo(signed + Base64URL.encode(new byte[72])));
  }

  @Test
  void aTamperedSignatureIsRefused() throws IOException {
    String token = accessToken();
    int at = token.lastIndexOf('.') + 5;
    char flipped = token.charAt(at) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, at) + flipped + token.substring(at + 1);

    assertUnauthorized(userInfo(tampered));
    assertUnauthorized(userInfo(token.substring(0, token.lastIndexOf('.') + 1)));
  }

  @Test
  void algNoneIsRefused() throws IOException {
    String[] parts = accessToken().split("\\.");
    String kid = kid();
    for (String header :
        List.of(
            "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}",
            "{\"alg\":\"None\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}",
            "{\"alg\":\"NONE\",\"typ\":\"at+jwt\"}")) {
      String encoded = Base64URL.encode(header).toString();
      assertUnauthorized(userInfo(encoded + "." + parts[1] + "."));
      assertUnauthorized(userInfo(encoded + "." + parts[1] + "." + parts[2]));
    }
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(accessToken()).getJWTClaimsSet();
    JWK published =
        JWKSet.parse(send("GET", "/oauth/jwks", null, new byte[0]).body()).getKeys().get(0);
    List<byte[]> secrets =
        List.of(
            published.toJSONString().getBytes(StandardCharsets.UTF_8),
            published.toECKey().toECPublicKey().getEncoded(),
            padded(published.toECKey().getX().decode()));
    for (byte[] secret : secrets) {
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .type(new JOSEObjectType("at+jwt"))
                  .keyID(published.getKeyID())
                  .build(),
              claims);
      forged.sign(new MACSigner(secret));

      assertUnauthorized(userInfo(forged.serialize()));
    }
  }

  @Test
  void aForeignKeyUsingOurKidIsRefused() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(accessToken()).getJWTClaimsSet();
    ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(kid()).generate();
    SignedJWT forged = signedWith(foreign, claims);
    SignedJWT embedded =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(kid())
                .jwk(foreign.toPublicJWK())
                .build(),
            claims);
    embedded.sign(new ECDSASigner(foreign));

    assertUnauthorized(userInfo(forged.serialize()));
    assertUnauthorized(userInfo(embedded.serialize()));
  }

  @Test
  void anIdTokenIsNotAnAccessToken() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    JsonNode tokens =
        token(exchange(code(wiki, CALLBACK, verifier), CALLBACK, verifier), basic(wiki)).json();
    assertThat(userInfo(tokens.path("access_token").asText()).status()).isEqualTo(200);

    assertUnauthorized(userInfo(tokens.path("id_token").asText()));
    assertUnauthorized(userInfo(tokens.path("refresh_token").asText()));
  }

  @Test
  void anExpiredAccessTokenIsRefused() throws IOException {
    String token = accessToken();
    assertThat(userInfo(token).status()).isEqualTo(200);
    service.clock().advance(Duration.ofMinutes(11));

    assertUnauthorized(userInfo(token));
  }

  @Test
  void theGenuineTokenWorksByGetAndPost() throws IOException {
    String token = accessToken();

    RawAnswer got = userInfo(token);
    RawAnswer posted =
        send(
            "POST",
            "/oauth/userinfo",
            "application/x-www-form-urlencoded",
            new byte[0],
            "Authorization: Bearer " + token);

    assertThat(got.status()).as("%s", got).isEqualTo(200);
    assertThat(got.json().path("email").asText()).isEqualTo(EMAIL);
    assertThat(posted.status()).as("%s", posted).isEqualTo(200);
    assertUnauthorized(
        send(
            "GET",
            "/oauth/userinfo",
            null,
            new byte[0],
            "Authorization: Bearer " + token,
            "Authorization: Bearer " + token));
  }

  // ---- the end-session endpoint ----

  @ParameterizedTest(name = "[{index}] post_logout_redirect_uri={0}")
  @MethodSource("nearMisses")
  void aPostLogoutUriNotRegisteredExactlyIsRefusedInPlace(String uri) throws IOException {
    String clientId = loggingOut().client().clientId();

    assertRefusedInPlace(logout("client_id=" + clientId + "&post_logout_redirect_uri=" + enc(uri)));
    assertRefusedInPlace(
        send(
            "POST",
            "/oauth/logout/confirm",
            "application/x-www-form-urlencoded",
            ("client_id=" + clientId + "&post_logout_redirect_uri=" + enc(uri))
                .getBytes(StandardCharsets.ISO_8859_1),
            "Cookie: " + cookie));
    assertLoggedIn();
  }

  @Test
  void anotherClientsPostLogoutUriIsRefusedInPlace() throws IOException {
    loggingOut();

    assertRefusedInPlace(
        logout(
            "client_id="
                + wiki.client().clientId()
                + "&post_logout_redirect_uri="
                + enc(CALLBACK)));
    assertRefusedInPlace(logout("post_logout_redirect_uri=" + enc(CALLBACK)));
    assertRefusedInPlace(
        logout("client_id=nosuchclient&post_logout_redirect_uri=" + enc(CALLBACK)));
  }

  @Test
  void aDuplicatedLogoutParameterIsRefusedInPlace() throws IOException {
    RegisteredClient client = loggingOut();
    String hint = idToken(client);
    String uri = "&post_logout_redirect_uri=" + enc(CALLBACK);

    assertRefusedInPlace(logout("id_token_hint=" + hint + "&id_token_hint=garbage" + uri));
    assertRefusedInPlace(logout("id_token_hint=" + hint + uri + uri.replace("cb", "evil")));
    assertLoggedIn();
  }

  @Test
  void forgedHintsAreRefusedInPlace() throws Exception {
    String hint = idToken(loggingOut());
    String[] parts = hint.split("\\.");
    JWTClaimsSet claims = SignedJWT.parse(hint).getJWTClaimsSet();
    SignedJWT hs256 =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid()).build(), claims);
    hs256.sign(
        new MACSigner(
            JWKSet.parse(send("GET", "/oauth/jwks", null, new byte[0]).body())
                .getKeys()
                .get(0)
                .toJSONString()
                .getBytes(StandardCharsets.UTF_8)));
    SignedJWT foreign =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid()).build(), claims);
    foreign.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
    String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + ".";
    String tampered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

    for (String forged :
        List.of(hs256.serialize(), foreign.serialize(), none, tampered, accessToken(), "x.y.z")) {
      assertRefusedInPlace(logout("id_token_hint=" + enc(forged)));
    }
    assertLoggedIn();
  }

  @Test
  void oversizedAndNonUtf8LogoutRequestsAreNeverA5xx() throws IOException {
    RawAnswer big = logout("id_token_hint=" + "a".repeat(20_000));
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    target.writeBytes("/oauth/logout?state=".getBytes(StandardCharsets.ISO_8859_1));
    target.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    RawAnswer bytes =
        sendTarget("GET", target.toByteArray(), null, new byte[0], "Cookie: " + cookie);
    RawAnswer json =
        send(
            "POST",
            "/oauth/logout",
            "application/json",
            "{\"id_token_hint\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            "Cookie: " + cookie);

    assertThat(big.status()).as("%s", big).isBetween(400, 499);
    assertThat(bytes.status()).as("%s", bytes).isLessThan(500);
    assertThat(json.header("Location")).as("%s", json).startsWith("/ui/logout");
    assertLoggedIn();
  }

  @Test
  void theConfirmationRefusesAnotherSitesPost() throws IOException {
    RawAnswer answer =
        send(
            "POST",
            "/oauth/logout/confirm",
            "application/x-www-form-urlencoded",
            new byte[0],
            "Cookie: " + cookie,
            "Origin: https://evil.example",
            "Sec-Fetch-Site: cross-site");

    assertThat(answer.status()).as("%s", answer).isEqualTo(403);
    assertLoggedIn();
  }

  @Test
  void theGenuineHintEndsTheSessionAndGoesToTheRegisteredUri() throws IOException {
    String hint = idToken(loggingOut());

    RawAnswer answer =
        logout("id_token_hint=" + hint + "&post_logout_redirect_uri=" + enc(CALLBACK) + "&state=z");

    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    assertThat(answer.header("Location")).isEqualTo(CALLBACK + "?state=z");
    assertThat(answer.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    RawAnswer whoami = send("GET", "/sessions/whoami", null, new byte[0], "Cookie: " + cookie);
    assertThat(whoami.status()).as("%s", whoami).isEqualTo(401);
  }

  // ---- revocation and introspection ----

  /** The two endpoints a client calls about one of its tokens. */
  static Stream<String> tokenQueryPaths() {
    return Stream.of("/oauth/revoke", "/oauth/introspect");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void aDuplicatedParameterIsAnInvalidRequestAndRevokesNothing(String path) throws IOException {
    JsonNode tokens = tokens();
    String access = enc(tokens.path("access_token").asText());

    assertTokenError(
        post(path, "token=" + access + "&token=" + access, basic(wiki)), 400, "invalid_request");
    assertTokenError(
        post(path, "token=" + access + "&token_type_hint=a&token_type_hint=b", basic(wiki)),
        400,
        "invalid_request");
    String id = "&client_id=" + spa.client().clientId();
    assertTokenError(post(path, "token=" + access + id + id), 400, "invalid_request");
    assertThat(userInfo(tokens.path("access_token").asText()).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void aMissingOrEmptyTokenIsAnInvalidRequest(String path) throws IOException {
    for (String body : List.of("", "token=", "token_type_hint=access_token", "tok=abc")) {
      assertTokenError(post(path, body, basic(wiki)), 400, "invalid_request");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void basicAndAPostedSecretTogetherAreAnInvalidRequest(String path) throws IOException {
    String body =
        "token=abc&client_id="
            + wiki.client().clientId()
            + "&client_secret="
            + enc(wiki.secret().orElseThrow());

    assertTokenError(post(path, body, basic(wiki)), 400, "invalid_request");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void aWrongSecretOrNoClientIsAnInvalidClient(String path) throws IOException {
    String wrong =
        "Authorization: Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (wiki.client().clientId() + ":wrong").getBytes(StandardCharsets.UTF_8));
    String posted =
        "token=abc&client_id=" + wiki.client().clientId() + "&client_secret=" + enc("wrong");

    RawAnswer byBasic = post(path, "token=abc", wrong);

    assertTokenError(byBasic, 401, "invalid_client");
    assertThat(byBasic.header("WWW-Authenticate")).as("%s", byBasic).startsWith("Basic");
    assertTokenError(post(path, posted), 401, "invalid_client");
    assertTokenError(post(path, "token=abc"), 401, "invalid_client");
    assertTokenError(post(path, "token=abc&client_id=" + FORGED_ID), 401, "invalid_client");
    assertTokenError(
        post(path, "token=abc", "Authorization: Bearer " + accessToken()), 401, "invalid_client");
  }

  @Test
  void aPublicClientMayRevokeButNotIntrospect() throws IOException {
    String named = "token=abc&client_id=" + spa.client().clientId();

    assertThat(post("/oauth/revoke", named).status()).isEqualTo(200);
    assertTokenError(post("/oauth/introspect", named), 401, "invalid_client");
    assertTokenError(
        post(
            "/oauth/introspect",
            "token=abc&client_id=" + spa.client().clientId() + "&client_secret=x"),
        401,
        "invalid_client");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void hugeAndGarbledTokensChangeNothingAndAreNever5xx(String path) throws IOException {
    JsonNode tokens = tokens();
    for (String token :
        List.of(
            "A".repeat(60_000),
            "x.y.z",
            "%00%01%02",
            "%FF%FE",
            enc(tokens.path("access_token").asText() + "x"),
            enc(tokens.path("refresh_token").asText().toLowerCase(Locale.ROOT)))) {
      RawAnswer answer = post(path, "token=" + token, basic(wiki));
      assertThat(answer.status()).as("%s", answer).isEqualTo(200);
      if (path.endsWith("introspect")) {
        assertThat(answer.json().path("active").asBoolean()).as("%s", answer).isFalse();
      }
    }
    RawAnswer tooBig = post(path, "token=" + "A".repeat(70_000), basic(wiki));
    assertThat(tooBig.status()).as("%s", tooBig).isEqualTo(413);
    assertThat(userInfo(tokens.path("access_token").asText()).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void otherMethodsAreRefused(String path) throws IOException {
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
      RawAnswer answer = send(method, path + "?token=abc", null, new byte[0], basic(wiki));
      assertThat(answer.status()).as("%s %s", method, answer).isEqualTo(405);
      assertThat(answer.json().path("message").asText()).isEqualTo("method not allowed");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenQueryPaths")
  void aJsonBodyIsAnInvalidRequest(String path) throws IOException {
    JsonNode tokens = tokens();
    String json = "{\"token\":\"" + tokens.path("access_token").asText() + "\"}";

    RawAnswer answer =
        send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), basic(wiki));

    assertTokenError(answer, 400, "invalid_request");
    assertThat(userInfo(tokens.path("access_token").asText()).status()).isEqualTo(200);
  }

  @Test
  void anotherClientRevokesNothingAndLearnsNothingOfARefreshToken() throws IOException {
    JsonNode tokens = tokens();
    String refresh = "token=" + enc(tokens.path("refresh_token").asText());
    String access = "token=" + enc(tokens.path("access_token").asText());

    assertThat(post("/oauth/revoke", refresh, basic(other)).status()).isEqualTo(200);
    assertThat(post("/oauth/revoke", access, basic(other)).status()).isEqualTo(200);
    RawAnswer asked = post("/oauth/introspect", refresh, basic(other));

    assertThat(asked.json().path("active").asBoolean()).as("%s", asked).isFalse();
    assertThat(asked.body()).doesNotContain(EMAIL).doesNotContain(wiki.client().clientId());
    assertThat(userInfo(tokens.path("access_token").asText()).status()).isEqualTo(200);
    assertThat(post("/oauth/introspect", refresh, basic(wiki)).json().path("active").asBoolean())
        .isTrue();
  }

  @Test
  void aForgedAccessTokenNamingARealGrantRevokesNothing() throws Exception {
    String genuine = accessToken();
    JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
    SignedJWT forged = signedWith(new ECKeyGenerator(Curve.P_256).keyID(kid()).generate(), claims);
    String unsigned =
        genuine.substring(0, genuine.lastIndexOf('.') + 1).replaceFirst("^[^.]+", noneHeader());

    for (String token : List.of(forged.serialize(), unsigned)) {
      RawAnswer revoked = post("/oauth/revoke", "token=" + enc(token), basic(wiki));
      RawAnswer asked = post("/oauth/introspect", "token=" + enc(token), basic(wiki));
      assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
      assertThat(asked.json().path("active").asBoolean()).as("%s", asked).isFalse();
    }
    assertThat(userInfo(genuine).status()).isEqualTo(200);
  }

  private static final String FORGED_ID = "A".repeat(22);

  /** {@code claims} as an access token signed by {@code key}, naming our first key's kid. */
  private SignedJWT signedWith(ECKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(kid())
                .build(),
            claims);
    forged.sign(new ECDSASigner(key));
    return forged;
  }

  private static String noneHeader() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
  }

  /** The tokens of a fresh authorization of {@code wiki}. */
  private JsonNode tokens() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    RawAnswer answer =
        token(exchange(code(wiki, CALLBACK, verifier), CALLBACK, verifier), basic(wiki));
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json();
  }

  private RawAnswer post(String path, String body, String... headers) throws IOException {
    return send(
        "POST",
        path,
        "application/x-www-form-urlencoded",
        body.getBytes(StandardCharsets.ISO_8859_1),
        headers);
  }

  // ---- helpers ----

  private static NewClient client(String name, String callback, boolean publicClient) {
    return new NewClient(
        name, List.of(callback), List.of(), publicClient, false, true, IdTokenAlgorithm.ES256);
  }

  /** The request for {@code wiki} without redirect URI, with a PKCE challenge of {@code method}. */
  private String query(String callback, String method) {
    return "client_id="
        + wiki.client().clientId()
        + "&response_type=code&scope=openid%20email&state=s1&nonce=n1"
        + challenge().replace("S256", method);
  }

  /** A whole request for {@code wiki}, with PKCE. */
  private String full(String callback) {
    return base(callback) + challenge();
  }

  private String base(String callback) {
    return base(callback, wiki);
  }

  private static String base(String callback, RegisteredClient client) {
    return "client_id="
        + client.client().clientId()
        + "&response_type=code&scope=openid%20email&state=s1&nonce=n1&redirect_uri="
        + enc(callback);
  }

  private static String challenge() {
    return challenge(new CodeVerifier());
  }

  private static String challenge(CodeVerifier verifier) {
    return "&code_challenge="
        + com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, verifier)
            .getValue()
        + "&code_challenge_method=S256";
  }

  // ---- the profile's apps with access ----

  /** Client ids no app has, as they go into the path: long, encoded slashes, unicode, bytes. */
  static Stream<String> hostileClientIds() {
    return Stream.of(
        "A".repeat(5_000),
        "%2F",
        "a%2Fb",
        "%2F..%2F..%2Fsessions",
        "..%2F..%2Fprofile",
        "%2e%2e",
        "%5C",
        "%00",
        "%FF",
        "%C0%AF",
        "%C3%A9t%C3%A9",
        "%F0%9F%98%80",
        "%E2%80%AE",
        "%20",
        "*",
        "%25",
        "'%20OR%201=1--",
        "%3Cscript%3E");
  }

  @ParameterizedTest(name = "[{index}] DELETE /profile/apps/{0}")
  @MethodSource("hostileClientIds")
  void aHostileClientIdRemovesNothing(String clientId) throws IOException {
    String app = appOf(session(), wiki, CALLBACK);

    RawAnswer answer =
        removeApp(clientId.getBytes(StandardCharsets.ISO_8859_1), "Cookie: " + cookie);

    assertThat(answer.status()).as("%s", answer).isIn(400, 404);
    assertThat(answer.header("Location")).isEmpty();
    assertThat(appsOf(session())).containsExactly(app);
  }

  @Test
  void rawUnicodeAndNearMissesOfTheAppsOwnIdRemoveNothing() throws IOException {
    String app = appOf(session(), wiki, CALLBACK);
    List<byte[]> ids =
        List.of(
            "été".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, (byte) 0x28},
            app.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1),
            (app + "%00").getBytes(StandardCharsets.ISO_8859_1),
            (app + "%20").getBytes(StandardCharsets.ISO_8859_1),
            ("%20" + app).getBytes(StandardCharsets.ISO_8859_1),
            (app + "A").getBytes(StandardCharsets.ISO_8859_1),
            app.substring(1).getBytes(StandardCharsets.ISO_8859_1));

    for (byte[] id : ids) {
      RawAnswer answer = removeApp(id, "Cookie: " + cookie);
      assertThat(answer.status()).as("%s", answer).isIn(400, 404);
    }
    assertThat(appsOf(session())).containsExactly(app);
  }

  @Test
  void anotherUsersAppIsNoSuchAppAndStaysTheirs() throws IOException {
    api.postForm("/users", Map.of("email", "bob@example.org", "password", PASSWORD));
    String[] bob =
        api.postForm("/sessions", Map.of("email", "bob@example.org", "password", PASSWORD))
            .sessionCookie();
    String theirs = appOf(bob, other, OTHER_CALLBACK);

    RawAnswer answer = removeApp(theirs.getBytes(StandardCharsets.ISO_8859_1), "Cookie: " + cookie);

    assertThat(answer.status()).as("%s", answer).isEqualTo(404);
    assertThat(answer.json().path("message").asText()).isEqualTo("no such app");
    assertThat(appsOf(bob)).containsExactly(theirs);
    assertThat(appsOf(session())).isEmpty();
  }

  @Test
  void aCrossSiteOrAmbiguouslyAuthenticatedRemovalChangesNothing() throws IOException {
    String app = appOf(session(), wiki, CALLBACK);
    byte[] id = app.getBytes(StandardCharsets.ISO_8859_1);

    RawAnswer crossSite =
        removeApp(
            id, "Cookie: " + cookie, "Origin: https://evil.example", "Sec-Fetch-Site: cross-site");
    RawAnswer twoCredentials =
        removeApp(id, "Cookie: " + cookie, "Authorization: Bearer " + "B".repeat(43));
    RawAnswer forgedList =
        send("GET", "/profile/apps", null, new byte[0], "Authorization: Bearer " + "%00".repeat(9));

    assertThat(crossSite.status()).as("%s", crossSite).isEqualTo(403);
    assertThat(twoCredentials.status()).as("%s", twoCredentials).isEqualTo(403);
    assertThat(forgedList.status()).as("%s", forgedList).isEqualTo(403);
    assertThat(forgedList.body()).doesNotContain(app);
    assertThat(appsOf(session())).containsExactly(app);
  }

  @Test
  void otherMethodsOnTheAppsRoutesAreMethodNotAllowed() throws IOException {
    String app = "/profile/apps/" + appOf(session(), wiki, CALLBACK);
    List<String[]> wrong =
        List.of(
            new String[] {"POST", "/profile/apps"},
            new String[] {"PUT", "/profile/apps"},
            new String[] {"DELETE", "/profile/apps"},
            new String[] {"PATCH", "/profile/apps"},
            new String[] {"GET", app},
            new String[] {"POST", app},
            new String[] {"PUT", app},
            new String[] {"PATCH", app});

    for (String[] methodAndPath : wrong) {
      RawAnswer answer =
          send(methodAndPath[0], methodAndPath[1], null, new byte[0], "Cookie: " + cookie);
      assertThat(answer.status())
          .as("%s %s: %s", methodAndPath[0], methodAndPath[1], answer)
          .isEqualTo(405);
      assertThat(answer.json().path("message").asText()).isEqualTo("method not allowed");
    }
    assertThat(appsOf(session())).hasSize(1);
  }

  /** The session cookie's header of the test's user, for {@link ApiClient}. */
  private String[] session() {
    return new String[] {"Cookie", cookie};
  }

  /**
   * Authorizes {@code client} for {@code session} and exchanges the code, so the client holds a
   * refresh token and is one of the user's apps with access; returns its id.
   */
  private String appOf(String[] session, RegisteredClient client, String callback) {
    CodeVerifier verifier = new CodeVerifier();
    ApiClient.Reply authorized =
        api.get("/oauth/authorize?" + base(callback, client) + challenge(verifier), session);
    String code = param(URI.create(authorized.header("Location").orElseThrow()), "code");
    String[] basic = basic(client).split(": ", 2);
    ApiClient.Reply tokens =
        api.postForm(
            "/oauth/token",
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                callback,
                "code_verifier",
                verifier.getValue()),
            basic[0],
            basic[1]);
    assertThat(tokens.json().path("refresh_token").asText()).as(tokens.raw().body()).isNotEmpty();
    return client.client().clientId();
  }

  /** The client ids of {@code session}'s apps with access. */
  private List<String> appsOf(String[] session) {
    JsonNode apps = api.get("/profile/apps", session).json().path("apps");
    return apps.findValuesAsText("client_id");
  }

  private RawAnswer removeApp(byte[] clientId, String... headers) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    target.writeBytes("/profile/apps/".getBytes(StandardCharsets.ISO_8859_1));
    target.writeBytes(clientId);
    return sendTarget("DELETE", target.toByteArray(), null, new byte[0], headers);
  }

  private String code(RegisteredClient client, String callback, CodeVerifier verifier)
      throws IOException {
    RawAnswer answer = authorize(base(callback, client) + challenge(verifier));
    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    try {
      return AuthorizationResponse.parse(URI.create(answer.header("Location")))
          .toSuccessResponse()
          .getAuthorizationCode()
          .getValue();
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new AssertionError(answer.toString(), e);
    }
  }

  private String accessToken() throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    RawAnswer answer =
        token(exchange(code(wiki, CALLBACK, verifier), CALLBACK, verifier), basic(wiki));
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json().path("access_token").asText();
  }

  private String kid() throws IOException {
    return send("GET", "/oauth/jwks", null, new byte[0])
        .json()
        .path("keys")
        .path(0)
        .path("kid")
        .asText();
  }

  private static String exchange(String code, String callback, CodeVerifier verifier) {
    return "grant_type=authorization_code&code="
        + enc(code)
        + "&redirect_uri="
        + enc(callback)
        + (verifier == null ? "" : "&code_verifier=" + verifier.getValue());
  }

  private static String basic(RegisteredClient client) {
    String pair = enc(client.client().clientId()) + ":" + enc(client.secret().orElseThrow());
    return "Authorization: Basic "
        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** A client whose post-logout redirect URI is {@link #CALLBACK}, registered now. */
  private RegisteredClient loggingOut() {
    try (Administration admin =
        Administration.open(
            service.config().database(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      return admin
          .clients()
          .add(
              new NewClient(
                  "Blog",
                  List.of(CALLBACK),
                  List.of(CALLBACK),
                  false,
                  false,
                  true,
                  IdTokenAlgorithm.ES256));
    }
  }

  /** An ID token of {@code client} for the test's session. */
  private String idToken(RegisteredClient client) throws IOException {
    CodeVerifier verifier = new CodeVerifier();
    RawAnswer answer =
        token(exchange(code(client, CALLBACK, verifier), CALLBACK, verifier), basic(client));
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json().path("id_token").asText();
  }

  private RawAnswer logout(String query) throws IOException {
    return sendTarget(
        "GET",
        ("/oauth/logout?" + query).getBytes(StandardCharsets.ISO_8859_1),
        null,
        new byte[0],
        "Cookie: " + cookie);
  }

  private void assertLoggedIn() throws IOException {
    RawAnswer whoami = send("GET", "/sessions/whoami", null, new byte[0], "Cookie: " + cookie);
    assertThat(whoami.status()).as("the session is still alive: %s", whoami).isEqualTo(200);
  }

  private RawAnswer authorize(String query) throws IOException {
    return authorizeBytes(query, new byte[0]);
  }

  private RawAnswer authorizeBytes(String query, byte[] tail) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    target.writeBytes(("/oauth/authorize?" + query).getBytes(StandardCharsets.ISO_8859_1));
    target.writeBytes(tail);
    return sendTarget("GET", target.toByteArray(), null, new byte[0], "Cookie: " + cookie);
  }

  private RawAnswer token(String body, String... headers) throws IOException {
    return send(
        "POST",
        "/oauth/token",
        "application/x-www-form-urlencoded",
        body.getBytes(StandardCharsets.ISO_8859_1),
        headers);
  }

  private RawAnswer userInfo(String token) throws IOException {
    return send("GET", "/oauth/userinfo", null, new byte[0], "Authorization: Bearer " + token);
  }

  private RawAnswer send(
      String method, String path, String contentType, byte[] body, String... headers)
      throws IOException {
    return sendTarget(
        method, path.getBytes(StandardCharsets.ISO_8859_1), contentType, body, headers);
  }

  private RawAnswer sendTarget(
      String method, byte[] target, String contentType, byte[] body, String... headers)
      throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes((method + " ").getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(target);
    StringBuilder head =
        new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:" + service.port() + "\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (method.equals("POST")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    RawAnswer answer = RawHttp.exchange(service.port(), request.toByteArray(), RawHttp.TIMEOUT);
    assertNotServerError(answer);
    return answer;
  }

  private static void assertNotServerError(RawAnswer answer) {
    assertThat(answer.status()).as("%s", answer).isLessThan(500);
  }

  /** A 400 with the protocol's JSON error, redirected nowhere, naming no attacker's host. */
  private static void assertRefusedInPlace(RawAnswer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    assertThat(answer.header("Location")).as("%s", answer).isEmpty();
    assertThat(answer.json().path("error").asText()).as("%s", answer).isEqualTo("invalid_request");
    assertThat(answer.text().toLowerCase(Locale.ROOT)).as("%s", answer).doesNotContain("evil");
  }

  /** A 302 to {@code callback} exactly (with its query), and where it goes. */
  private URI errorRedirect(RawAnswer answer, String callback) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    String location = answer.header("Location");
    assertThat(location).as("%s", answer).startsWith(callback + "?");
    URI uri = URI.create(location);
    assertThat(param(uri, "iss")).as("%s", answer).isEqualTo(issuer);
    assertThat(param(uri, "code")).as("%s", answer).isNull();
    return uri;
  }

  private static void assertTokenError(RawAnswer answer, int status, String error) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.json().path("error").asText()).as("%s", answer).isEqualTo(error);
    assertThat(answer.header("Location")).isEmpty();
    assertThat(answer.body()).doesNotContain("access_token");
  }

  private static void assertUnauthorized(RawAnswer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).as("%s", answer).startsWith("Bearer");
    assertThat(answer.body()).doesNotContain(EMAIL);
  }

  /** The first value of query parameter {@code name} of {@code uri}, or null. */
  private static String param(URI uri, String name) {
    List<String> values = URLUtils.parseParameters(uri.getRawQuery()).get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] padded(byte[] bytes) {
    byte[] out = new byte[Math.max(32, bytes.length)];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }
}
