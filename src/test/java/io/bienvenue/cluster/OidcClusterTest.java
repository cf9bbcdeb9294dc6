package io.bienvenue.cluster;

import static io.bienvenue.cluster.ClusterTest.logIn;
import static io.bienvenue.cluster.ClusterTest.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.bienvenue.oauth.RelyingParty;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.SoftwarePasskey;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TotpOn;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenID Connect code flow across three instances of {@code bienvenue serve} on one PostgreSQL
 * database behind nginx (issue 16): a code issued by one instance is exchanged on another, its
 * refresh token rotated on a third, and a reused refresh token revokes the family on all. The
 * instances run in production with one public URL, which is the issuer of every one of them: in
 * development each instance's issuer is its own listening address, and an access token issued by
 * one would be refused by the others' UserInfo. A token revoked on one instance is inactive at the
 * introspection of another.
 */
@RequiresPostgres
@RequiresNginx
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OidcClusterTest {

  private static final String PUBLIC_URL = "https://auth.example.org";
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path folder;
  private static GreenMail smtp;
  private static TestDatabase database;
  private static Cluster cluster;

  @BeforeAll
  static void startSmtpThenThreeInstancesWithOnePublicUrlBehindNginx() throws Exception {
    // Production refuses to start without its SMTP server: it listens first.
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    database = TestDatabase.postgres();
    cluster =
        Cluster.start(
            3,
            database.location(),
            folder,
            Map.of(
                "BIENVENUE_PRODUCTION", "true",
                "BIENVENUE_BCRYPT_COST", "10", // production's least; the instances' default is 4
                "BIENVENUE_PUBLIC_URL", PUBLIC_URL,
                "BIENVENUE_SMTP_HOST", "127.0.0.1",
                "BIENVENUE_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
                "BIENVENUE_SMTP_TLS", "none",
                "BIENVENUE_MAIL_FROM", "Bienvenue <noreply@example.org>"));
  }

  @AfterAll
  static void stopEverything() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      try {
        if (database != null) {
          database.close();
        }
      } finally {
        if (smtp != null) {
          smtp.stop();
        }
      }
    }
  }

  @Test
  void everyInstanceDiscoversTheOnePublicIssuer() throws Exception {
    for (ServiceProcess instance : cluster.instances.all()) {
      OIDCProviderMetadata metadata = discovery(instance.url());
      assertThat(metadata.getIssuer()).as("on %s", instance).isEqualTo(new Issuer(PUBLIC_URL));
      assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create(PUBLIC_URL + "/oauth/token"));
    }
  }

  @Test
  void authorizedOnOneInstanceExchangedOnAnotherRefreshedOnAThirdAndReuseRevokesOnAll()
      throws Exception {
    String email = "oidc@example.org";
    RelyingParty party = RelyingParty.register(database.location());
    assertThat(register(cluster.viaNginx(), email, PASSWORD).status()).isEqualTo(200);
    Reply login = logIn(cluster.direct(2), email, PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    CodeVerifier verifier = new CodeVerifier();
    Nonce nonce = new Nonce();
    State state = new State();

    AuthorizationSuccessResponse authorized =
        party.authorize(cluster.direct(0), login.sessionCookie(), verifier, nonce, state);
    OIDCTokens first =
        success(party.exchange(instance(1).url(), authorized.getAuthorizationCode(), verifier));
    OIDCTokens second = success(party.refresh(instance(2).url(), first.getRefreshToken()));

    assertThat(authorized.getState()).isEqualTo(state);
    assertThat(authorized.getIssuer()).isEqualTo(new Issuer(PUBLIC_URL));
    IDTokenValidator validator =
        new IDTokenValidator(
            new Issuer(PUBLIC_URL),
            party.clientId(),
            JWSAlgorithm.ES256,
            JWKSet.parse(cluster.direct(2).get("/oauth/jwks").raw().body()));
    IDTokenClaimsSet claims = validator.validate(first.getIDToken(), nonce);
    assertThat(claims.getClaim("email")).isEqualTo(email);
    assertThat(validator.validate(second.getIDToken(), null).getSubject())
        .as("the refreshed ID token's subject")
        .isEqualTo(claims.getSubject());
    assertThat(second.getRefreshToken()).isNotNull().isNotEqualTo(first.getRefreshToken());
    // nginx spreads requests round robin: three in a row reach every instance.
    for (int i = 0; i < 3; i++) {
      UserInfoResponse info =
          UserInfoResponse.parse(
              RelyingParty.userInfo(cluster.nginx.url(), second.getBearerAccessToken()));
      assertThat(info.indicatesSuccess()).as("UserInfo through nginx, request %d", i + 1).isTrue();
      assertThat(((UserInfoSuccessResponse) info).getUserInfo().getSubject())
          .isEqualTo(claims.getSubject());
      assertThat(((UserInfoSuccessResponse) info).getUserInfo().getEmailAddress()).isEqualTo(email);
    }

    TokenResponse reused = party.refresh(instance(0).url(), first.getRefreshToken());

    assertThat(errorCode(reused))
        .as("the used refresh token on instance A")
        .isEqualTo("invalid_grant");
    assertThat(errorCode(party.refresh(instance(1).url(), second.getRefreshToken())))
        .as("the newest refresh token, after the reuse")
        .isEqualTo("invalid_grant");
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(
              RelyingParty.userInfo(instance.url(), second.getBearerAccessToken()).getStatusCode())
          .as("the newest access token on %s after the reuse", instance)
          .isEqualTo(401);
    }
  }

  @Test
  void consentedOnOneInstanceListedOnAnotherRemovedOnAThirdAndTheRefreshFailsOnTheFirst()
      throws Exception {
    String email = "apps@example.org";
    RelyingParty party = RelyingParty.registerNeedingConsent(database.location(), "Team wiki");
    assertThat(register(cluster.viaNginx(), email, PASSWORD).status()).isEqualTo(200);
    String[] session = logIn(cluster.direct(0), email, PASSWORD).sessionCookie();
    CodeVerifier verifier = new CodeVerifier();

    AuthorizationSuccessResponse authorized =
        party.authorizeWithConsent(cluster.direct(0), session, verifier, instance(0).url());
    OIDCTokens tokens =
        success(party.exchange(instance(0).url(), authorized.getAuthorizationCode(), verifier));
    Reply listed = cluster.direct(1).get("/profile/apps", session);
    Reply removed =
        cluster.direct(2).delete("/profile/apps/" + party.clientId().getValue(), session);

    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().at("/apps/0/client_id").asText())
        .as("the consent given on instance A, listed on B")
        .isEqualTo(party.clientId().getValue());
    assertThat(removed.status()).as("removed on C").isEqualTo(204);
    assertThat(errorCode(party.refresh(instance(0).url(), tokens.getRefreshToken())))
        .as("the refresh token on A, after the removal on C")
        .isEqualTo("invalid_grant");
    assertThat(cluster.direct(1).get("/profile/apps", session).json().path("apps").size()).isZero();
    assertThat(party.authorizationLocation(cluster.direct(1), session, new CodeVerifier()))
        .as("consent is asked again, on B")
        .contains("/ui/consent?");
  }

  @Test
  void loggedInWithTokensOnOneInstanceLoggedOutByTheAppOnAnotherGoneOnAThird() throws Exception {
    String email = "oidc-logout@example.org";
    RelyingParty party =
        RelyingParty.registerWithLogout(
            database.location(), io.bienvenue.oauth.IdTokenAlgorithm.ES256);
    assertThat(register(cluster.viaNginx(), email, PASSWORD).status()).isEqualTo(200);
    Reply login = logIn(cluster.direct(0), email, PASSWORD);
    String[] session = login.sessionCookie();
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        party.authorize(cluster.direct(0), session, verifier, new Nonce(), new State());
    OIDCTokens tokens =
        success(party.exchange(instance(0).url(), authorized.getAuthorizationCode(), verifier));

    Reply loggedOut =
        cluster
            .direct(1)
            .get(
                RelyingParty.logoutPath(
                    tokens.getIDToken(), RelyingParty.LOGGED_OUT, new State("on-b")),
                session);

    assertThat(loggedOut.status()).isEqualTo(302);
    assertThat(loggedOut.header("Location")).hasValue(RelyingParty.LOGGED_OUT + "&state=on-b");
    assertThat(cluster.direct(2).get("/sessions/whoami", session).status())
        .as("the session on instance C")
        .isEqualTo(401);
    assertThat(errorCode(party.refresh(instance(2).url(), tokens.getRefreshToken())))
        .as("the session's refresh token on instance C")
        .isEqualTo("invalid_grant");
  }

  @Test
  void issuedOnOneInstanceRevokedOnAnotherAndInactiveOnTheThird() throws Exception {
    String email = "revoked@example.org";
    RelyingParty party = RelyingParty.register(database.location());
    assertThat(register(cluster.viaNginx(), email, PASSWORD).status()).isEqualTo(200);
    Reply login = logIn(cluster.direct(0), email, PASSWORD);
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationSuccessResponse authorized =
        party.authorize(
            cluster.direct(0), login.sessionCookie(), verifier, new Nonce(), new State());
    OIDCTokens tokens =
        success(party.exchange(instance(0).url(), authorized.getAuthorizationCode(), verifier));
    assertThat(active(party, instance(2), tokens.getBearerAccessToken()))
        .as("the access token on C before the revocation")
        .isTrue();

    assertThat(party.revoke(instance(1).url(), tokens.getRefreshToken()).getStatusCode())
        .as("the refresh token revoked on B")
        .isEqualTo(200);

    assertThat(active(party, instance(2), tokens.getBearerAccessToken()))
        .as("the access token on C")
        .isFalse();
    assertThat(active(party, instance(2), tokens.getRefreshToken()))
        .as("the refresh token on C")
        .isFalse();
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(
              RelyingParty.userInfo(instance.url(), tokens.getBearerAccessToken()).getStatusCode())
          .as("UserInfo on %s after the revocation", instance)
          .isEqualTo(401);
    }
  }

  /** Whether introspection on {@code instance}, asked by {@code party}, says {@code token} is. */
  @Test
  void aPasskeyRegisteredAcrossInstancesLogsInAcrossThemAndARacedAnswerWinsOnce() throws Exception {
    String email = "passkey@example.org";
    SoftwarePasskey passkey = new SoftwarePasskey(PUBLIC_URL);
    assertThat(register(cluster.viaNginx(), email, PASSWORD).status()).isEqualTo(200);
    String[] session = logIn(cluster.direct(0), email, PASSWORD).sessionCookie();

    Reply creation = cluster.direct(0).post("/profile/passkeys/options", session);
    assertThat(creation.json().at("/publicKey/rp/id").asText()).isEqualTo("auth.example.org");
    String registration =
        "{\"credential\": "
            + passkey.register(creation.json().get("publicKey"))
            + ", \"name\": \"Laptop\"}";
    Reply added = cluster.direct(1).sendJson("POST", "/profile/passkeys", registration, session);
    assertThat(added.status())
        .as("options from A, answered on B: %s", added.raw().body())
        .isEqualTo(201);
    assertThat(cluster.direct(2).get("/profile/passkeys", session).json().path("passkeys").size())
        .as("listed on C")
        .isEqualTo(1);
    assertThat(awaitSubjectsMailedTo(email, 1))
        .as("a notice was mailed")
        .contains("A passkey was added to your account");

    Reply request = cluster.direct(1).post("/sessions/passkey/options");
    String answer =
        "{\"credential\": " + passkey.authenticate(request.json().get("publicKey")) + "}";
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      List<Callable<Integer>> tries = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        int instance = i % 3;
        tries.add(
            () -> cluster.direct(instance).sendJson("POST", "/sessions/passkey", answer).status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(tries)) {
        statuses.add(status.get());
      }
      assertThat(statuses)
          .as("one answer, raced on three instances: one login, eight refusals")
          .containsOnly(200, 401)
          .filteredOn(status -> status == 200)
          .hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPasskeyAsTheSecondStepIsAskedForOnOneInstanceAndGivenToAnother() throws Exception {
    String email = "second-step@example.org";
    SoftwarePasskey passkey = new SoftwarePasskey(PUBLIC_URL);
    assertThat(register(cluster.viaNginx(), email, PASSWORD).status()).isEqualTo(200);
    String[] session = logIn(cluster.direct(0), email, PASSWORD).sessionCookie();
    Reply creation = cluster.direct(0).post("/profile/passkeys/options", session);
    String registration =
        "{\"credential\": "
            + passkey.register(creation.json().get("publicKey"))
            + ", \"name\": \"Key\"}";
    assertThat(
            cluster.direct(0).sendJson("POST", "/profile/passkeys", registration, session).status())
        .isEqualTo(201);
    TotpOn.enable(cluster.direct(1), PASSWORD, java.time.Instant.now(), session);
    Reply noCode = logIn(cluster.direct(2), email, PASSWORD);
    assertThat(noCode.status()).as("%s", noCode.raw().body()).isEqualTo(401);

    Reply options =
        cluster.direct(0).postForm("/sessions/passkey/options", Map.of("purpose", "second_step"));
    String login =
        "{\"email\": \""
            + email
            + "\", \"password\": \""
            + PASSWORD
            + "\", \"passkey\": "
            + passkey.authenticate(options.json().get("publicKey"))
            + "}";
    Reply second = cluster.direct(2).sendJson("POST", "/sessions", login);

    assertThat(second.status())
        .as("options from A, the login on C: %s", second.raw().body())
        .isEqualTo(200);
    assertThat(
            cluster
                .direct(1)
                .get("/sessions/whoami", second.sessionCookie())
                .json()
                .at("/session/amr")
                .toString())
        .isEqualTo("[\"pwd\",\"hwk\",\"mfa\"]");
    assertThat(cluster.direct(1).sendJson("POST", "/sessions", login).status())
        .as("the same answer again, on B")
        .isEqualTo(401);
  }

  /**
   * The subjects of the mails to {@code email}, once at least {@code count} arrived (or 20 seconds
   * passed): other tests' mails arrive meanwhile, so the total count tells nothing.
   */
  private static List<String> awaitSubjectsMailedTo(String email, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<String> subjects = new ArrayList<>();
    while (subjects.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
      subjects.clear();
      for (MimeMessage mail : smtp.getReceivedMessages()) {
        if (mail.getAllRecipients()[0].toString().equals(email)) {
          subjects.add(mail.getSubject());
        }
      }
    }
    return subjects;
  }

  private static boolean active(
      RelyingParty party, ServiceProcess instance, com.nimbusds.oauth2.sdk.token.Token token)
      throws Exception {
    com.nimbusds.oauth2.sdk.http.HTTPResponse response = party.introspect(instance.url(), token);
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(200);
    return TokenIntrospectionResponse.parse(response).toSuccessResponse().isActive();
  }

  private static ServiceProcess instance(int index) {
    return cluster.instances.get(index);
  }

  private static OIDCProviderMetadata discovery(String base) throws Exception {
    return OIDCProviderMetadata.parse(
        new com.nimbusds.oauth2.sdk.http.HTTPRequest(
                com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.GET,
                URI.create(base + "/.well-known/openid-configuration"))
            .send()
            .getBodyAsJSONObject());
  }

  private static OIDCTokens success(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("%s", response.toHTTPResponse().getBody()).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  private static String errorCode(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as("a token error").isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }
}
