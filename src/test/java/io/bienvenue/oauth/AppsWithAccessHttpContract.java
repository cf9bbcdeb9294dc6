package io.bienvenue.oauth;

import static io.bienvenue.oauth.OidcHttpFixture.errorCode;
import static io.bienvenue.oauth.OidcHttpFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile's "Apps with access" over the real server, on the database a subclass gives: a
 * consent given on the consent page, and a first-party app holding a refresh token, are listed;
 * removing one forgets the consent and kills its tokens; another user's app and a missing session
 * are refused. The client side of the protocol is Nimbus's ({@link RelyingParty}).
 */
abstract class AppsWithAccessHttpContract {

  private static final String PASSWORD = "pwd-of-ada";

  private ServiceOnDatabase service;
  private TestDatabase database;
  private ApiClient api;
  private String base;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    service = ServiceOnDatabase.start(newDatabase());
    database = service.database;
    api = service.running.client;
    base = service.base();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aConsentGivenOnTheConsentPageIsListedWithItsScopesAndSinceWhen() throws Exception {
    String[] ada = user("ada@example.org");
    RelyingParty wiki = RelyingParty.registerNeedingConsent(database.location(), "Team wiki");
    assertThat(apps(ada)).as("before any consent").isEmpty();
    Instant before = Instant.now().minusSeconds(1);

    wiki.authorizeWithConsent(api, ada, new CodeVerifier(), base);

    List<JsonNode> apps = apps(ada);
    assertThat(apps).hasSize(1);
    JsonNode app = apps.get(0);
    assertThat(fieldNames(app)).containsExactly("client_id", "name", "scopes", "granted_at");
    assertThat(app.path("client_id").asText()).isEqualTo(wiki.clientId().getValue());
    assertThat(app.path("name").asText()).isEqualTo("Team wiki");
    assertThat(app.path("scopes").toString()).isEqualTo("[\"openid\",\"email\"]");
    assertThat(Instant.parse(app.path("granted_at").asText()))
        .isBetween(before, Instant.now().plusSeconds(1));
  }

  @Test
  void aFirstPartyAppIsListedOnceItHoldsARefreshTokenOneLinePerClient() throws Exception {
    String[] ada = user("ada@example.org");
    RelyingParty mail = RelyingParty.register(database.location());
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        mail.authorize(api, ada, verifier, new Nonce(), new State());
    assertThat(apps(ada)).as("a code alone, no refresh token yet").isEmpty();

    success(mail.exchange(base, authorized.getAuthorizationCode(), verifier));
    tokensOf(mail, ada);

    List<JsonNode> apps = apps(ada);
    assertThat(apps).as("two grants, one line").hasSize(1);
    assertThat(apps.get(0).path("client_id").asText()).isEqualTo(mail.clientId().getValue());
    assertThat(apps.get(0).path("name").asText()).isEqualTo("Wiki");
    assertThat(apps.get(0).path("scopes").toString()).isEqualTo("[\"openid\",\"email\"]");
  }

  @Test
  void removingAConsentedAppKillsItsTokensAndItsNextAuthorizationAsksAgain() throws Exception {
    String[] ada = user("ada@example.org");
    RelyingParty wiki = RelyingParty.registerNeedingConsent(database.location(), "Team wiki");
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized = wiki.authorizeWithConsent(api, ada, verifier, base);
    Tokens tokens = success(wiki.exchange(base, authorized.getAuthorizationCode(), verifier));
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .isEqualTo(200);

    Reply removed = api.delete(appPath(wiki), ada);

    assertThat(removed.status()).as(removed.raw().body()).isEqualTo(204);
    assertThat(apps(ada)).isEmpty();
    assertThat(errorCode(wiki.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .as("the access token, its grant revoked")
        .isEqualTo(401);
    assertThat(wiki.authorizationLocation(api, ada, new CodeVerifier()))
        .as("the consent is forgotten")
        .startsWith("/ui/consent?");
    assertThat(api.delete(appPath(wiki), ada).status()).as("removed already").isEqualTo(404);
  }

  @Test
  void removingAFirstPartyAppRevokesItsRefreshToken() throws Exception {
    String[] ada = user("ada@example.org");
    RelyingParty mail = RelyingParty.register(database.location());
    Tokens tokens = tokensOf(mail, ada);

    assertThat(api.delete(appPath(mail), ada).status()).isEqualTo(204);

    assertThat(apps(ada)).isEmpty();
    assertThat(errorCode(mail.refresh(base, tokens.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(RelyingParty.userInfo(base, tokens.getBearerAccessToken()).getStatusCode())
        .isEqualTo(401);
  }

  @Test
  void anotherUsersAppIsNoSuchAppAndStaysUntouched() throws Exception {
    String[] ada = user("ada@example.org");
    String[] bob = user("bob@example.org");
    RelyingParty wiki = RelyingParty.registerNeedingConsent(database.location(), "Team wiki");
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized = wiki.authorizeWithConsent(api, ada, verifier, base);
    Tokens tokens = success(wiki.exchange(base, authorized.getAuthorizationCode(), verifier));

    Reply refused = api.delete(appPath(wiki), bob);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().path("message").asText()).isEqualTo("no such app");
    assertThat(apps(bob)).isEmpty();
    assertThat(apps(ada)).hasSize(1);
    assertThat(success(wiki.refresh(base, tokens.getRefreshToken())).getRefreshToken())
        .as("Ada's refresh token still works")
        .isNotNull();
  }

  @Test
  void withoutALiveSessionBothRoutesAre403AsEveryProfileRoute() throws Exception {
    String[] ada = user("ada@example.org");
    RelyingParty wiki = RelyingParty.registerNeedingConsent(database.location(), "Team wiki");
    wiki.authorizeWithConsent(api, ada, new CodeVerifier(), base);
    String path = appPath(wiki);

    for (String[] none :
        List.of(
            new String[0],
            ApiClient.session("not-a-session"),
            new String[] {"Authorization", "Bearer not-a-session"})) {
      Reply listed = api.get("/profile/apps", none);
      Reply removed = api.delete(path, none);
      assertThat(listed.status()).isEqualTo(403);
      assertThat(listed.json().path("message").asText()).isEqualTo("no valid session");
      assertThat(removed.status()).isEqualTo(403);
      assertThat(removed.json().path("message").asText()).isEqualTo("no valid session");
    }
    assertThat(apps(ada)).as("still there").hasSize(1);
  }

  @Test
  void aBearerSessionTokenServesLikeTheCookieAndACrossSiteRemovalIsRefused() throws Exception {
    user("ada@example.org");
    String token =
        api.postForm("/sessions/token", Map.of("email", "ada@example.org", "password", PASSWORD))
            .json()
            .path("session_token")
            .asText();
    String[] bearer = {"Authorization", "Bearer " + token};
    RelyingParty wiki = RelyingParty.registerNeedingConsent(database.location(), "Team wiki");
    wiki.authorizeWithConsent(api, ApiClient.session(token), new CodeVerifier(), base);

    assertThat(apps(bearer)).hasSize(1);
    Reply crossSite =
        api.delete(
            appPath(wiki),
            ApiClient.session(token)[0],
            ApiClient.session(token)[1],
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site");
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(apps(bearer)).as("a cross-site removal changes nothing").hasSize(1);
    assertThat(api.delete(appPath(wiki), bearer).status()).isEqualTo(204);
    assertThat(apps(bearer)).isEmpty();
  }

  /** Registers {@code email} and logs in: the session cookie's header. */
  private String[] user(String email) {
    api.postForm("/users", Map.of("email", email, "password", PASSWORD));
    return api.postForm("/sessions", Map.of("email", email, "password", PASSWORD)).sessionCookie();
  }

  /** Authorizes the first-party {@code party} for {@code session} and exchanges the code. */
  private Tokens tokensOf(RelyingParty party, String[] session) throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        party.authorize(api, session, verifier, new Nonce(), new State());
    return success(party.exchange(base, authorized.getAuthorizationCode(), verifier));
  }

  /** {@code GET /profile/apps} with {@code session}: its apps, asserting a 200. */
  private List<JsonNode> apps(String[] session) {
    Reply reply = api.get("/profile/apps", session);
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    assertThat(reply.header("Cache-Control")).contains("no-store");
    List<JsonNode> apps = new ArrayList<>();
    reply.json().path("apps").forEach(apps::add);
    return apps;
  }

  private static String appPath(RelyingParty party) {
    return "/profile/apps/" + party.clientId().getValue();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
