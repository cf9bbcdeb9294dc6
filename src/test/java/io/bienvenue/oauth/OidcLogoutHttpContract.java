package io.bienvenue.oauth;

import static io.bienvenue.oauth.OidcHttpFixture.errorCode;
import static io.bienvenue.oauth.OidcHttpFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RP-initiated logout over the real server, the relying party's side Nimbus's, on the database a
 * subclass gives: only a hint of the browser's own session ends it at once; any other request asks
 * the person first; a bad hint or an unregistered post-logout URI is a 400, never a redirect.
 */
abstract class OidcLogoutHttpContract {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";
  private static final String LOGGED_OUT_PAGE = "/ui/logout?logged_out=true";

  private TestDatabase database;
  private RunningService running;
  private RelyingParty party;
  private MutableClock clock;
  private ApiClient api;
  private String base;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    database = newDatabase();
    clock = MutableClock.startingNow();
    running = new RunningService(ConfigBuilder.development(database.location()).build(), clock);
    party = RelyingParty.registerWithLogout(database.location(), IdTokenAlgorithm.ES256);
    api = running.client;
    base = "http://127.0.0.1:" + running.service.port();
    api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
  }

  @AfterEach
  void stop() {
    try {
      if (running != null) {
        running.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  @Test
  void discoveryNamesTheEndSessionEndpoint() {
    assertThat(api.get("/.well-known/openid-configuration").json().at("/end_session_endpoint"))
        .hasToString("\"" + base + "/oauth/logout\"");
  }

  @Test
  void theIdTokenNamesItsLoginSessionByItsPublicIdInSid() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);

    String sessionId = api.get("/sessions/whoami", session).json().at("/session/id").asText();
    assertThat(tokens.getIDToken().getJWTClaimsSet().getStringClaim("sid"))
        .isNotBlank()
        .isEqualTo(sessionId)
        .isNotEqualTo(session[1].substring(session[1].indexOf('=') + 1));
  }

  @Test
  void aHintOfTheBrowsersSessionEndsItAndGoesToTheRegisteredUriWithTheState() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);

    Reply reply =
        api.get(
            RelyingParty.logoutPath(
                tokens.getIDToken(), RelyingParty.LOGGED_OUT, new State("st-1")),
            session);

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).hasValue(RelyingParty.LOGGED_OUT + "&state=st-1");
    assertThat(reply.header("Set-Cookie").orElse("")).contains("Expires=Thu, 01 Jan 1970");
    assertThat(reply.header("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors 'none'");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
    assertThat(errorCode(party.refresh(base, tokens.getRefreshToken())))
        .as("the session's refresh token ended with it")
        .isEqualTo("invalid_grant");
  }

  @Test
  void aHintWithoutAPostLogoutUriEndsTheSessionOnTheLoggedOutPage() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);

    Reply reply =
        api.get(
            RelyingParty.logoutPath(tokens.getIDToken(), null, null)
                + "&ui_locales=%25%25%20not-a-tag",
            session);

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).hasValue(LOGGED_OUT_PAGE);
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
  }

  @Test
  void anRs256ClientsHintIsVerifiedWithItsRsaKey() throws Exception {
    RelyingParty rsa = RelyingParty.registerWithLogout(database.location(), IdTokenAlgorithm.RS256);
    String[] session = logIn();
    OIDCTokens tokens = tokens(rsa, session);

    Reply reply =
        api.get(
            RelyingParty.logoutPath(tokens.getIDToken(), RelyingParty.LOGGED_OUT, null), session);

    assertThat(tokens.getIDToken().getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(reply.header("Location")).hasValue(RelyingParty.LOGGED_OUT);
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
  }

  @Test
  void anExpiredHintIsStillAccepted() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);
    clock.advance(TokenIssuer.ID_TOKEN_LIFETIME.plus(Duration.ofMinutes(1)));

    Reply reply =
        api.get(
            RelyingParty.logoutPath(tokens.getIDToken(), RelyingParty.LOGGED_OUT, null), session);

    assertThat(tokens.getIDToken().getJWTClaimsSet().getExpirationTime())
        .isBefore(java.util.Date.from(clock.instant()));
    assertThat(reply.header("Location")).hasValue(RelyingParty.LOGGED_OUT);
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
  }

  @Test
  void aHintOfAnotherSessionLeavesThisOneAliveAndAsks() throws Exception {
    String[] other = logIn();
    OIDCTokens othersTokens = tokens(other);
    String[] session = logIn();

    Reply reply =
        api.get(
            RelyingParty.logoutPath(
                othersTokens.getIDToken(), RelyingParty.LOGGED_OUT, new State("st-2")),
            session);

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location").orElse(""))
        .startsWith("/ui/logout?client_id=" + party.clientId().getValue())
        .contains("post_logout_redirect_uri=")
        .contains("state=st-2")
        .doesNotContain("id_token_hint");
    assertThat(reply.header("Set-Cookie")).isEmpty();
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);
    assertThat(api.get("/sessions/whoami", other).status()).isEqualTo(200);
  }

  @Test
  void withoutAHintThePersonConfirmsAndTheConfirmationEndsTheSession() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);
    String clientId = party.clientId().getValue();

    Reply asked =
        api.get(
            "/oauth/logout?client_id="
                + clientId
                + "&post_logout_redirect_uri="
                + encode(RelyingParty.LOGGED_OUT)
                + "&state=st-3",
            session);
    assertThat(asked.status()).isEqualTo(302);
    assertThat(asked.header("Location").orElse("")).startsWith("/ui/logout?");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);

    Reply confirmed =
        api.postForm(
            "/oauth/logout/confirm",
            Map.of(
                "client_id",
                clientId,
                "post_logout_redirect_uri",
                RelyingParty.LOGGED_OUT,
                "state",
                "st-3"),
            session);

    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.json().at("/redirect_to").asText())
        .isEqualTo(RelyingParty.LOGGED_OUT + "&state=st-3");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
    assertThat(errorCode(party.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
  }

  @Test
  void aConfirmationWithoutAClientGoesToTheLoggedOutPage() {
    String[] session = logIn();

    Reply confirmed = api.postForm("/oauth/logout/confirm", Map.of(), session);

    assertThat(confirmed.json().at("/redirect_to").asText()).isEqualTo(LOGGED_OUT_PAGE);
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
  }

  @Test
  void aValidHintWithoutASessionAsksRatherThanRedirecting() throws Exception {
    OIDCTokens tokens = tokens(logIn());

    Reply reply =
        api.get(RelyingParty.logoutPath(tokens.getIDToken(), RelyingParty.LOGGED_OUT, null));

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location").orElse("")).startsWith("/ui/logout?client_id=");
  }

  @Test
  void aFormPostWithTheHintEndsTheSessionWithASeeOther() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);

    Reply reply =
        api.postForm(
            "/oauth/logout",
            Map.of(
                "id_token_hint",
                tokens.getIDTokenString(),
                "post_logout_redirect_uri",
                RelyingParty.LOGGED_OUT,
                "state",
                "st-4"),
            withCrossSite(session));

    assertThat(reply.status()).isEqualTo(303);
    assertThat(reply.header("Location")).hasValue(RelyingParty.LOGGED_OUT + "&state=st-4");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(401);
  }

  @Test
  void theConfirmationRefusesACrossSitePost() {
    String[] session = logIn();

    Reply reply = api.postForm("/oauth/logout/confirm", Map.of(), withCrossSite(session));

    assertThat(reply.status()).isEqualTo(403);
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.org/logged-out",
        "https://app.example.org/logged-out?from=wiki&x=1",
        "https://app.example.org/logged-out?from=wiki/",
        "https://APP.example.org/logged-out?from=wiki",
        "https://app.example.org/Logged-out?from=wiki",
        "https://app.example.org/logged-out?from=wik",
        "https://app.example.org.evil.example/logged-out?from=wiki",
        "http://app.example.org/logged-out?from=wiki",
        "https://evil.example/"
      })
  void anUnregisteredPostLogoutUriIsA400AndNeverARedirect(String uri) throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);

    Reply withHint = api.get(RelyingParty.logoutPath(tokens.getIDToken(), uri, null), session);
    Reply withClientId =
        api.get(
            "/oauth/logout?client_id="
                + party.clientId().getValue()
                + "&post_logout_redirect_uri="
                + encode(uri),
            session);
    Reply confirmed =
        api.postForm(
            "/oauth/logout/confirm",
            Map.of("client_id", party.clientId().getValue(), "post_logout_redirect_uri", uri),
            session);

    for (Reply reply : new Reply[] {withHint, withClientId, confirmed}) {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.header("Location")).isEmpty();
      assertThat(reply.json().at("/error").asText()).isEqualTo("invalid_request");
    }
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);
  }

  @Test
  void aPostLogoutUriWithNoWayToKnowTheClientIsA400() {
    String[] session = logIn();

    Reply reply =
        api.get(
            "/oauth/logout?post_logout_redirect_uri=" + encode(RelyingParty.LOGGED_OUT), session);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Location")).isEmpty();
  }

  @Test
  void aClientIdOtherThanTheHintsAudienceIsA400() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);
    RelyingParty other =
        RelyingParty.registerWithLogout(database.location(), IdTokenAlgorithm.ES256);

    Reply reply =
        api.get(
            RelyingParty.logoutPath(tokens.getIDToken(), null, null)
                + "&client_id="
                + other.clientId().getValue(),
            session);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().at("/error").asText()).isEqualTo("invalid_request");
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);
  }

  @Test
  void badHintsAreRefusedAndEndNothing() throws Exception {
    String[] session = logIn();
    OIDCTokens tokens = tokens(session);
    SignedJWT idToken = (SignedJWT) tokens.getIDToken();
    JWTClaimsSet claims = idToken.getJWTClaimsSet();
    String kid = idToken.getHeader().getKeyID();
    String[] parts = idToken.serialize().split("\\.");
    JWTClaimsSet otherSubject = new JWTClaimsSet.Builder(claims).subject("someone-else").build();

    SignedJWT rsaLabelled =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
    rsaLabelled.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
    SignedJWT foreign =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    foreign.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
    String tampered =
        parts[0]
            + "."
            + com.nimbusds.jose.util.Base64URL.encode(otherSubject.toString())
            + "."
            + parts[2];
    Map<String, String> hints =
        Map.of(
            "tampered", tampered,
            "alg none", new PlainJWT(claims).serialize(),
            "RS256 with the ES256 key's kid", rsaLabelled.serialize(),
            "a foreign key", foreign.serialize(),
            "the access token", tokens.getAccessToken().getValue(),
            "garbage", "not-a-jwt");

    for (Map.Entry<String, String> hint : hints.entrySet()) {
      Reply reply = api.get("/oauth/logout?id_token_hint=" + encode(hint.getValue()), session);
      assertThat(reply.status()).as(hint.getKey()).isEqualTo(400);
      assertThat(reply.json().at("/error").asText()).as(hint.getKey()).isEqualTo("invalid_request");
      assertThat(reply.header("Location")).as(hint.getKey()).isEmpty();
    }
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);
    JWT parsed = JWTParser.parse(tokens.getIDTokenString());
    assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
  }

  @Test
  void aParameterGivenTwiceIsA400() {
    String[] session = logIn();
    String clientId = party.clientId().getValue();

    Reply reply =
        api.get("/oauth/logout?client_id=" + clientId + "&client_id=" + clientId, session);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(api.get("/sessions/whoami", session).status()).isEqualTo(200);
  }

  @Test
  void theLogoutPageIsNeverFramed() {
    Reply page = api.get("/ui/logout");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors 'none'");
  }

  @Test
  void underABasePathTheCrossSiteFormPostIsLetThroughAndTheLogoutPageIsUnderIt() {
    try (RunningService under =
        new RunningService(
            ConfigBuilder.development(database.location()).basePath("/auth").build(), clock)) {
      ApiClient prefixed = new ApiClient("http://127.0.0.1:" + under.service.port() + "/auth");
      String[] session =
          prefixed
              .postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD))
              .sessionCookie();

      Reply posted =
          prefixed.postForm(
              "/oauth/logout",
              Map.of("client_id", party.clientId().getValue()),
              withCrossSite(session));
      Reply confirmation =
          prefixed.postForm("/oauth/logout/confirm", Map.of(), withCrossSite(session));

      assertThat(posted.status()).isEqualTo(303);
      assertThat(posted.header("Location").orElse(""))
          .startsWith("/auth/ui/logout?client_id=" + party.clientId().getValue());
      assertThat(confirmation.status()).isEqualTo(403);
      assertThat(prefixed.get("/ui/logout").status()).isEqualTo(200);
      assertThat(prefixed.get("/sessions/whoami", session).status()).isEqualTo(200);
    }
  }

  private String[] logIn() {
    return api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
  }

  /** Authorizes the client in {@code session} and exchanges the code. */
  private OIDCTokens tokens(String[] session) throws Exception {
    return tokens(party, session);
  }

  /** Authorizes {@code client} in {@code session} and exchanges the code. */
  private OIDCTokens tokens(RelyingParty client, String[] session) throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        client.authorize(api, session, verifier, new Nonce(), new State());
    return success(client.exchange(base, authorized.getAuthorizationCode(), verifier))
        .toOIDCTokens();
  }

  private static String[] withCrossSite(String[] session) {
    return new String[] {
      session[0], session[1], "Origin", "https://app.example.org", "Sec-Fetch-Site", "cross-site"
    };
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
