package io.bienvenue.oauth;

import static io.bienvenue.oauth.GrantFixtures.REDIRECT_URI;
import static io.bienvenue.oauth.GrantFixtures.VERIFIER;
import static io.bienvenue.oauth.GrantFixtures.addClient;
import static io.bienvenue.oauth.GrantFixtures.authorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.bienvenue.auth.AuthEvents;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.UserAdmin;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.InvalidGrantException.Reason;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.user.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rules of {@link Grants} and {@link Consents}, over the real {@code Auth} flows on SQLite. */
class GrantsTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "old password";
  private static final String ADDRESS = "198.51.100.7";

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private Stores stores;
  private Grants grants;
  private Consents consents;
  private Client app;
  private Client publicApp;
  private Client noRefresh;
  private String sessionToken;
  private Session session;

  @BeforeEach
  void start() {
    stores = services.stores();
    grants =
        new Grants(stores, new Tokens(new SecureRandom()), Lifetimes.DEFAULTS, services.clock());
    consents =
        new Consents(
            stores,
            WebhookEvents.over(stores, new Tokens(new SecureRandom()), services.clock()),
            services.clock());
    app = addClient(stores, "app", true, true, services.clock());
    publicApp = addClient(stores, "native", false, true, services.clock());
    noRefresh = addClient(stores, "plain", true, false, services.clock());
    services.auth().registerUser(EMAIL, PASSWORD);
    sessionToken = services.auth().logIn(EMAIL, PASSWORD, ADDRESS).token();
    session = services.auth().whoami(sessionToken).orElseThrow().session();
  }

  private Grant redeem(Client client, String... scopes) {
    String code = grants.issueCode(authorization(client, session, scopes));
    return grants.redeemCode(code, client.clientId(), REDIRECT_URI, Optional.of(VERIFIER));
  }

  private static void refused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidGrantException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aCodeRedeemsIntoItsGrantForItsClientRedirectUriAndVerifier() {
    String code = grants.issueCode(authorization(app, session, "openid", "email"));

    Grant grant = grants.redeemCode(code, "app", REDIRECT_URI, Optional.of(VERIFIER));

    assertThat(grant.clientId()).isEqualTo("app");
    assertThat(grant.userId()).isEqualTo(session.userId());
    assertThat(grant.scopes()).containsExactly("openid", "email");
    assertThat(grant.nonce()).hasValue("nonce-1");
    assertThat(grant.authTime()).isEqualTo(session.createdAt());
    assertThat(grant.sessionId()).hasValue(session.id());
    assertThat(grants.isActive(grant.id())).isTrue();
  }

  @Test
  void onlyTheHashOfACodeIsStored() {
    String code = grants.issueCode(authorization(app, session, "openid"));

    List<String> stored =
        services
            .database()
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT code_hash FROM oauth_codes").mapTo(String.class).list());
    assertThat(stored).containsExactly(Tokens.hash(code)).doesNotContain(code);
  }

  @Test
  void aCodeWorksForSixtySecondsOnly() {
    String code = grants.issueCode(authorization(app, session, "openid"));
    services.clock().advance(Duration.ofSeconds(60));

    refused(
        Reason.EXPIRED, () -> grants.redeemCode(code, "app", REDIRECT_URI, Optional.of(VERIFIER)));
  }

  @Test
  void aCodeWorksJustBeforeSixtySeconds() {
    String code = grants.issueCode(authorization(app, session, "openid"));
    services.clock().advance(Duration.ofSeconds(59));

    assertThat(grants.redeemCode(code, "app", REDIRECT_URI, Optional.of(VERIFIER)).clientId())
        .isEqualTo("app");
  }

  @Test
  void anUnknownOrIllFormedCodeIsRefused() {
    refused(
        Reason.UNKNOWN,
        () ->
            grants.redeemCode(
                Tokens.hash("x").substring(0, 43), "app", REDIRECT_URI, Optional.empty()));
    refused(
        Reason.UNKNOWN,
        () -> grants.redeemCode("' OR 1=1 --", "app", REDIRECT_URI, Optional.empty()));
  }

  @Test
  void anotherClientsCodeIsRefused() {
    String code = grants.issueCode(authorization(app, session, "openid"));

    refused(
        Reason.OTHER_CLIENT,
        () -> grants.redeemCode(code, "native", REDIRECT_URI, Optional.of(VERIFIER)));
  }

  @Test
  void aCodeForAnotherRedirectUriIsRefused() {
    String code = grants.issueCode(authorization(app, session, "openid"));

    refused(
        Reason.OTHER_REDIRECT_URI,
        () -> grants.redeemCode(code, "app", REDIRECT_URI + "/", Optional.of(VERIFIER)));
  }

  @Test
  void aWrongOrMissingVerifierIsRefused() {
    String first = grants.issueCode(authorization(app, session, "openid"));
    String second = grants.issueCode(authorization(app, session, "openid"));
    String third = grants.issueCode(authorization(app, session, "openid"));

    refused(
        Reason.PKCE_MISMATCH,
        () -> grants.redeemCode(first, "app", REDIRECT_URI, Optional.of(VERIFIER + "x")));
    refused(
        Reason.PKCE_MISMATCH,
        () -> grants.redeemCode(second, "app", REDIRECT_URI, Optional.empty()));
    refused(
        Reason.PKCE_MISMATCH,
        () -> grants.redeemCode(third, "app", REDIRECT_URI, Optional.of("short")));
  }

  @Test
  void theVerifierOfRfc7636sExampleRedeemsTheCodeOfItsChallenge() {
    String code =
        grants.issueCode(
            authorization(
                publicApp,
                session,
                Optional.of("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                "openid"));

    Grant grant =
        grants.redeemCode(
            code,
            "native",
            REDIRECT_URI,
            Optional.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

    assertThat(grant.clientId()).isEqualTo("native");
  }

  @Test
  void aPublicClientMustSendAnS256Challenge() {
    assertThatThrownBy(
            () -> grants.issueCode(authorization(publicApp, session, Optional.empty(), "openid")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                grants.issueCode(
                    authorization(publicApp, session, Optional.of("plain-verifier"), "openid")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCodeWithoutChallengeRefusesAVerifier() {
    String first = grants.issueCode(authorization(app, session, Optional.empty(), "openid"));
    String second = grants.issueCode(authorization(app, session, Optional.empty(), "openid"));

    refused(
        Reason.PKCE_MISMATCH,
        () -> grants.redeemCode(first, "app", REDIRECT_URI, Optional.of(VERIFIER)));
    assertThat(grants.redeemCode(second, "app", REDIRECT_URI, Optional.empty()).clientId())
        .isEqualTo("app");
  }

  @Test
  void aReplayedCodeRevokesItsGrantAndTheRefreshTokensItGave() {
    String code = grants.issueCode(authorization(app, session, "openid"));
    Grant grant = grants.redeemCode(code, "app", REDIRECT_URI, Optional.of(VERIFIER));
    String refresh = grants.issueRefresh(grant).orElseThrow();

    refused(
        Reason.REPLAY, () -> grants.redeemCode(code, "app", REDIRECT_URI, Optional.of(VERIFIER)));

    assertThat(grants.isActive(grant.id())).isFalse();
    refused(Reason.REVOKED, () -> grants.rotate(refresh, "app"));
  }

  @Test
  void aRefreshTokenRotatesAndTheNewOneWorks() {
    Grant grant = redeem(app, "openid");
    String first = grants.issueRefresh(grant).orElseThrow();

    RefreshedGrant second = grants.rotate(first, "app");
    RefreshedGrant third = grants.rotate(second.refreshToken(), "app");

    assertThat(second.grant().id()).isEqualTo(grant.id());
    assertThat(third.refreshToken()).isNotIn(first, second.refreshToken());
    assertThat(grants.isActive(grant.id())).isTrue();
  }

  @Test
  void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
    Grant grant = redeem(app, "openid");
    String first = grants.issueRefresh(grant).orElseThrow();
    String second = grants.rotate(first, "app").refreshToken();

    refused(Reason.REUSE, () -> grants.rotate(first, "app"));

    assertThat(grants.isActive(grant.id())).isFalse();
    refused(Reason.REVOKED, () -> grants.rotate(second, "app"));
  }

  @Test
  void anotherClientsRefreshTokenIsRefusedAndLeftWorking() {
    String token = grants.issueRefresh(redeem(app, "openid")).orElseThrow();

    refused(Reason.OTHER_CLIENT, () -> grants.rotate(token, "native"));

    assertThat(grants.rotate(token, "app").refreshToken()).isNotEqualTo(token);
  }

  @Test
  void aLiveRefreshTokenIsDescribedToItsOwnClientOnly() {
    Grant grant = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String token = grants.issueRefresh(grant).orElseThrow();

    LiveRefreshToken live = grants.liveRefresh(token, "app").orElseThrow();

    assertThat(live.grant().id()).isEqualTo(grant.id());
    assertThat(live.expiresAt()).isEqualTo(live.issuedAt().plus(Grants.REFRESH_LIFETIME));
    assertThat(grants.liveRefresh(token, "native")).as("another client").isEmpty();
    assertThat(grants.liveRefresh("not-a-token", "app")).isEmpty();
  }

  @Test
  void aUsedExpiredOrRevokedRefreshTokenIsNotLive() {
    String used = grants.issueRefresh(redeem(app, "openid", Grants.OFFLINE_ACCESS)).orElseThrow();
    String next = grants.rotate(used, "app").refreshToken();
    String revoked = grants.issueRefresh(redeem(app, "openid")).orElseThrow();
    assertThat(grants.revokeToken(revoked, "app")).isTrue();

    assertThat(grants.liveRefresh(used, "app")).as("rotated").isEmpty();
    assertThat(grants.liveRefresh(revoked, "app")).as("revoked").isEmpty();
    assertThat(grants.liveRefresh(next, "app")).as("the newest").isPresent();
    services.clock().advance(Grants.REFRESH_LIFETIME);
    assertThat(grants.liveRefresh(next, "app")).as("expired").isEmpty();
  }

  @Test
  void aClientNotAllowedRefreshTokensGetsNone() {
    assertThat(grants.issueRefresh(redeem(noRefresh, "openid"))).isEmpty();
    assertThat(grants.issueRefresh(redeem(app, "openid"))).isPresent();
  }

  @Test
  void anOfflineRefreshTokenLivesThirtyDaysFromItsIssue() {
    Grant grant = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String first = grants.issueRefresh(grant).orElseThrow();
    services.clock().advance(Duration.ofDays(29));
    String second = grants.rotate(first, "app").refreshToken();
    services.clock().advance(Duration.ofDays(30));

    assertThat(grant.offline()).isTrue();
    refused(Reason.EXPIRED, () -> grants.rotate(second, "app"));
  }

  @Test
  void aSessionBoundGrantEndsWhenItsSessionGoesIdle() {
    Grant grant = redeem(app, "openid");
    String token = grants.issueRefresh(grant).orElseThrow();
    services.clock().advance(Lifetimes.DEFAULTS.sessionIdleTimeout());

    assertThat(grants.isActive(grant.id())).isFalse();
    refused(Reason.REVOKED, () -> grants.rotate(token, "app"));
  }

  @Test
  void refreshingASessionBoundGrantKeepsItsSessionInUseUntilTheSessionsEnd() {
    Grant grant = redeem(app, "openid");
    String token = grants.issueRefresh(grant).orElseThrow();
    Duration step = Duration.ofMinutes(20);
    for (Duration spent = Duration.ZERO;
        spent.plus(step).compareTo(Lifetimes.DEFAULTS.sessionLifetime()) < 0;
        spent = spent.plus(step)) {
      services.clock().advance(step);
      token = grants.rotate(token, "app").refreshToken();
    }
    String last = token;
    services.clock().advance(step);

    refused(Reason.EXPIRED, () -> grants.rotate(last, "app"));
  }

  @Test
  void logoutEndsTheSessionsGrantsButNotOfflineOnes() {
    Grant bound = redeem(app, "openid");
    Grant offline = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String offlineToken = grants.issueRefresh(offline).orElseThrow();

    services.auth().destroySession(sessionToken);

    assertThat(grants.isActive(bound.id())).isFalse();
    assertThat(grants.isActive(offline.id())).isTrue();
    assertThat(grants.rotate(offlineToken, "app").grant().id()).isEqualTo(offline.id());
  }

  @Test
  void revokingBySessionSparesOfflineGrants() {
    Grant bound = redeem(app, "openid");
    Grant offline = redeem(app, "openid", Grants.OFFLINE_ACCESS);

    assertThat(grants.revokeAllOfSession(session.id())).isEqualTo(1);

    assertThat(grants.isActive(bound.id())).isFalse();
    assertThat(grants.isActive(offline.id())).isTrue();
  }

  @Test
  void aPasswordChangeRevokesEveryGrantOfTheUser() {
    Grant bound = redeem(app, "openid");
    Grant offline = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String token = grants.issueRefresh(offline).orElseThrow();

    services.auth().changePassword(sessionToken, PASSWORD, "new password", ADDRESS);

    assertThat(grants.isActive(bound.id())).isFalse();
    assertThat(grants.isActive(offline.id())).isFalse();
    refused(Reason.REVOKED, () -> grants.rotate(token, "app"));
  }

  @Test
  void aPasswordResetRevokesEveryGrantOfTheUser() {
    Grant offline = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String resetToken = services.auth().getResetPasswordToken(EMAIL);

    services.auth().updatePassword(EMAIL, resetToken, "new password");

    assertThat(grants.isActive(offline.id())).isFalse();
  }

  @Test
  void disablingTheUserRevokesEveryGrantOfTheirs() {
    Grant offline = redeem(app, "openid", Grants.OFFLINE_ACCESS);

    new UserAdmin(
            stores,
            WebhookEvents.over(stores, new Tokens(new SecureRandom()), services.clock()),
            AuthEvents.NONE,
            services.clock())
        .disable(EMAIL);

    assertThat(grants.isActive(offline.id())).isFalse();
  }

  @Test
  void deletingTheAccountDeletesEveryGrantOfTheirs() {
    Grant offline = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String token = grants.issueRefresh(offline).orElseThrow();

    services.auth().deleteAccount(sessionToken, PASSWORD, ADDRESS);

    assertThat(grants.isActive(offline.id())).isFalse();
    refused(Reason.UNKNOWN, () -> grants.rotate(token, "app"));
  }

  @Test
  void revokingARefreshTokenRevokesItsGrantForItsOwnClientOnly() {
    Grant grant = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    String token = grants.issueRefresh(grant).orElseThrow();

    assertThat(grants.revokeToken(token, "native")).isFalse();
    assertThat(grants.isActive(grant.id())).isTrue();
    assertThat(grants.revokeToken(token, "app")).isTrue();
    assertThat(grants.isActive(grant.id())).isFalse();
    assertThat(grants.revokeToken("not a token", "app")).isFalse();
  }

  @Test
  void aConsentCoversTheScopesItWasGivenForAndAddsUp() {
    long user = session.userId();
    consents.grant(user, "app", List.of("openid", "email"));

    assertThat(consents.covers(user, "app", List.of("openid"))).isTrue();
    assertThat(consents.covers(user, "app", List.of("openid", "profile"))).isFalse();
    assertThat(consents.covers(user, "native", List.of("openid"))).isFalse();

    consents.grant(user, "app", List.of("profile"));

    assertThat(consents.covers(user, "app", List.of("openid", "email", "profile"))).isTrue();
  }

  @Test
  void theAppsWithAccessAreListedWithTheirNames() {
    long user = session.userId();
    consents.grant(user, "native", List.of("openid"));
    consents.grant(user, "app", List.of("openid", "email"));

    assertThat(consents.list(user))
        .extracting(AppAccess::clientName, AppAccess::scopes)
        .containsExactly(
            tuple("App app", List.of("openid", "email")), tuple("App native", List.of("openid")));
  }

  @Test
  void revokingAConsentRevokesThatClientsGrantsForTheUserOnly() {
    long user = session.userId();
    consents.grant(user, "app", List.of("openid"));
    Grant appGrant = redeem(app, "openid", Grants.OFFLINE_ACCESS);
    Grant otherGrant = redeem(publicApp, "openid", Grants.OFFLINE_ACCESS);

    assertThat(consents.revoke(user, "app")).isTrue();

    assertThat(consents.covers(user, "app", List.of("openid"))).isFalse();
    assertThat(consents.list(user)).isEmpty();
    assertThat(grants.isActive(appGrant.id())).isFalse();
    assertThat(grants.isActive(otherGrant.id())).isTrue();
    assertThat(consents.revoke(user, "app")).isFalse();
  }

  @Test
  void onlyALiveGrantWithAnUnusedRefreshTokenIsRefreshable() {
    Grant offline = redeem(app, "openid", "offline_access");
    String first = grants.issueRefresh(offline).orElseThrow();
    redeem(noRefresh, "openid");
    Grant codeOnly = redeem(app, "openid");

    assertThat(grants.refreshableOf(session.userId()))
        .as("no refresh token for a client not allowed one, nor before it is issued")
        .extracting(Grant::id)
        .containsExactly(offline.id());
    grants.rotate(first, "app");
    assertThat(grants.refreshableOf(session.userId()))
        .as("the rotated token's successor")
        .extracting(Grant::id)
        .containsExactly(offline.id());
    grants.revokeGrant(offline.id());
    assertThat(grants.refreshableOf(session.userId())).isEmpty();
    assertThat(grants.isActive(codeOnly.id())).as("live, but with nothing to refresh").isTrue();
  }

  @Test
  void aGrantIsNoLongerRefreshableOnceItsTokenExpiresOrItsSessionGoesIdle() {
    Grant offline = redeem(app, "openid", "offline_access");
    grants.issueRefresh(offline);
    Grant bound = redeem(app, "openid");
    grants.issueRefresh(bound);
    assertThat(grants.refreshableOf(session.userId())).hasSize(2);

    services.clock().advance(Lifetimes.DEFAULTS.sessionIdleTimeout().plusSeconds(1));
    assertThat(grants.refreshableOf(session.userId()))
        .as("the session-bound grant, its session idle")
        .extracting(Grant::id)
        .containsExactly(offline.id());
    services.clock().advance(Grants.REFRESH_LIFETIME);
    assertThat(grants.refreshableOf(session.userId())).as("its refresh token expired").isEmpty();
  }
}
