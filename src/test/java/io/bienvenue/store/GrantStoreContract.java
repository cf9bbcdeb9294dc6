package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.Session;
import io.bienvenue.user.SessionOrigin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class GrantStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final Instant LATER = NOW.plus(Duration.ofMinutes(1));

  private TestDatabase backend;
  private Database database;
  private Stores stores;
  private GrantStore grants;
  private long user;
  private Session session;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    stores = Stores.on(database, Clock.fixed(NOW, ZoneOffset.UTC));
    grants = stores.grants();
    addClient("app", "Zeta app");
    addClient("other", "Alpha app");
    user = stores.users().addUser("ada@example.org", "not-a-real-hash").id();
    session = addSession(user, "s1");
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private void addClient(String id, String name) {
    stores
        .clients()
        .add(
            new StoredClient(
                id,
                name,
                false,
                Optional.empty(),
                List.of("https://app.example.org/cb"),
                List.of(),
                true,
                true,
                "ES256",
                NOW));
  }

  private Session addSession(long userId, String name) {
    return stores
        .sessions()
        .add(
            userId,
            "public-" + name,
            "hash-of-" + name,
            NOW,
            NOW.plus(Duration.ofHours(12)),
            SessionOrigin.UNKNOWN,
            List.of("pwd"));
  }

  private StoredGrant grant(String id, String clientId, Optional<Long> sessionId) {
    return new StoredGrant(
        id,
        clientId,
        user,
        sessionId,
        List.of("openid", "email"),
        Optional.of("n-" + id),
        NOW.minusSeconds(5),
        List.of("pwd", "otp"),
        NOW,
        Optional.empty());
  }

  private StoredGrant bound(String id) {
    return grant(id, "app", Optional.of(session.id()));
  }

  private StoredGrant offline(String id) {
    return grant(id, "app", Optional.empty());
  }

  private boolean live(String grantId) {
    return grants.isLive(grantId, NOW, NOW.minus(Duration.ofMinutes(30)));
  }

  @Test
  void anAddedGrantIsFoundWithEveryValue() {
    grants.addGrant(bound("g1"));
    grants.addGrant(offline("g2"));

    assertThat(grants.findGrant("g1")).hasValue(bound("g1"));
    assertThat(grants.findGrant("g2")).hasValue(offline("g2"));
    assertThat(grants.findGrant("g3")).isEmpty();
  }

  @Test
  void aGrantIdIsUnique() {
    grants.addGrant(bound("g1"));

    assertThatThrownBy(() -> grants.addGrant(offline("g1"))).isInstanceOf(StatementException.class);
  }

  @Test
  void aCodeIsFoundByItsHashAndUsedOnceByCompareAndSet() {
    grants.addGrant(bound("g1"));
    GrantStore.Code code =
        new GrantStore.Code(
            "code-hash",
            "g1",
            "https://app.example.org/cb",
            Optional.of("chal"),
            LATER,
            Optional.empty());
    grants.addCode(code);

    assertThat(grants.findCode("code-hash")).hasValue(code);
    assertThat(grants.useCode("code-hash", NOW)).isTrue();
    assertThat(grants.useCode("code-hash", LATER)).isFalse();
    assertThat(grants.findCode("code-hash").orElseThrow().usedAt()).hasValue(NOW);
    assertThat(grants.useCode("no-such-hash", NOW)).isFalse();
  }

  @Test
  void aRefreshTokenIsFoundByItsHashAndUsedOnceByCompareAndSet() {
    grants.addGrant(offline("g1"));
    GrantStore.RefreshToken token =
        new GrantStore.RefreshToken("token-hash", "g1", NOW, LATER, Optional.empty());
    grants.addRefreshToken(token);

    assertThat(grants.findRefreshToken("token-hash")).hasValue(token);
    assertThat(grants.useRefreshToken("token-hash", NOW)).isTrue();
    assertThat(grants.useRefreshToken("token-hash", LATER)).isFalse();
    assertThat(grants.findRefreshToken("token-hash").orElseThrow().usedAt()).hasValue(NOW);
  }

  @Test
  void aGrantIsLiveUntilRevokedAndRevokedOnce() {
    grants.addGrant(offline("g1"));

    assertThat(live("g1")).isTrue();
    assertThat(grants.revokeGrant("g1", NOW)).isTrue();
    assertThat(grants.revokeGrant("g1", LATER)).isFalse();
    assertThat(live("g1")).isFalse();
    assertThat(grants.findGrant("g1").orElseThrow().revokedAt()).hasValue(NOW);
    assertThat(live("no-such-grant")).isFalse();
  }

  @Test
  void aSessionBoundGrantIsLiveOnlyWhileItsSessionIs() {
    grants.addGrant(bound("g1"));
    grants.addGrant(offline("g2"));
    Instant end = NOW.plus(Duration.ofHours(12));

    assertThat(grants.isLive("g1", end, NOW.minusSeconds(1))).isFalse();
    assertThat(grants.isLive("g1", NOW, NOW)).isFalse();
    assertThat(grants.isLive("g1", end.minusMillis(1), NOW.minusSeconds(1))).isTrue();
    assertThat(grants.isLive("g2", end, NOW)).isTrue();
    assertThat(grants.sessionEnd(session.id())).hasValue(end);
  }

  @Test
  void deleteSpentDeletesOnlyWhatCanNoLongerBeUsed() {
    Instant kept = NOW.minus(Duration.ofDays(30));
    Instant older = kept.minusSeconds(1);
    // g1: offline and refreshing; its used token expired, its newest one did not.
    grants.addGrant(offline("g1"));
    grants.addRefreshToken(
        new GrantStore.RefreshToken("t1-used", "g1", older, NOW, Optional.of(older)));
    grants.addRefreshToken(
        new GrantStore.RefreshToken("t1-new", "g1", NOW, LATER, Optional.empty()));
    // g2: revoked before the kept window; g3: revoked within it, its replay still recognized.
    grants.addGrant(offline("g2"));
    grants.revokeGrant("g2", older);
    grants.addRefreshToken(new GrantStore.RefreshToken("t2", "g2", older, LATER, Optional.empty()));
    grants.addGrant(offline("g3"));
    grants.revokeGrant("g3", kept.plusSeconds(1));
    // g4: made before the window, its only token expired; g5: the same but made within it.
    grants.addGrant(withCreation(offline("g4"), older));
    grants.addRefreshToken(new GrantStore.RefreshToken("t4", "g4", older, NOW, Optional.empty()));
    grants.addGrant(withCreation(offline("g5"), kept.plusSeconds(1)));
    // Codes of the live g1: one expired before the window, one used within it.
    grants.addCode(code("c-old", "g1", older));
    grants.addCode(code("c-recent", "g1", kept.plusSeconds(1)));

    GrantStore.Spent spent = grants.deleteSpent(NOW, kept);

    assertThat(grants.findRefreshToken("t1-used")).as("expired, used").isEmpty();
    assertThat(grants.findRefreshToken("t1-new")).as("live").isPresent();
    assertThat(live("g1")).isTrue();
    assertThat(grants.findGrant("g2")).as("revoked long ago").isEmpty();
    assertThat(grants.findRefreshToken("t2")).as("with its grant").isEmpty();
    assertThat(grants.findGrant("g3")).as("revoked recently").isPresent();
    assertThat(grants.findGrant("g4")).as("old, no token left").isEmpty();
    assertThat(grants.findGrant("g5")).as("recent").isPresent();
    assertThat(grants.findCode("c-old")).isEmpty();
    assertThat(grants.findCode("c-recent")).isPresent();
    assertThat(spent).isEqualTo(new GrantStore.Spent(2, 2, 1));
    assertThat(grants.deleteSpent(NOW, kept))
        .as("a second round finds nothing")
        .isEqualTo(new GrantStore.Spent(0, 0, 0));
  }

  private static StoredGrant withCreation(StoredGrant grant, Instant createdAt) {
    return new StoredGrant(
        grant.id(),
        grant.clientId(),
        grant.userId(),
        grant.sessionId(),
        grant.scopes(),
        grant.nonce(),
        grant.authTime(),
        grant.amr(),
        createdAt,
        grant.revokedAt());
  }

  private static GrantStore.Code code(String hash, String grantId, Instant expiresAt) {
    return new GrantStore.Code(
        hash,
        grantId,
        "https://app.example.org/cb",
        Optional.empty(),
        expiresAt,
        Optional.of(expiresAt));
  }

  @Test
  void deletingASessionDeletesItsGrantsWithTheirCodesAndTokensButNotOfflineOnes() {
    grants.addGrant(bound("g1"));
    grants.addGrant(offline("g2"));
    grants.addCode(
        new GrantStore.Code(
            "c1", "g1", "https://app.example.org/cb", Optional.empty(), LATER, Optional.empty()));
    grants.addRefreshToken(new GrantStore.RefreshToken("t1", "g1", NOW, LATER, Optional.empty()));

    stores.sessions().deleteByTokenHash("hash-of-s1");

    assertThat(grants.findGrant("g1")).isEmpty();
    assertThat(grants.findCode("c1")).isEmpty();
    assertThat(grants.findRefreshToken("t1")).isEmpty();
    assertThat(grants.findGrant("g2")).isPresent();
  }

  @Test
  void deletingTheUserOrTheClientDeletesTheirGrantsAndConsents() {
    long other = stores.users().addUser("bob@example.org", "not-a-real-hash").id();
    grants.addGrant(offline("g1"));
    grants.addGrant(grant("g2", "other", Optional.empty()));
    grants.saveConsent(user, "app", List.of("openid"), NOW);
    grants.saveConsent(other, "other", List.of("openid"), NOW);

    stores.users().deleteUser(user);
    stores.clients().remove("other");

    assertThat(grants.findGrant("g1")).isEmpty();
    assertThat(grants.findGrant("g2")).isEmpty();
    assertThat(grants.findConsent(user, "app")).isEmpty();
    assertThat(grants.findConsent(other, "other")).isEmpty();
  }

  @Test
  void revocationsReachTheGrantsOfTheirUserSessionOrClientOnly() {
    Session second = addSession(user, "s2");
    grants.addGrant(bound("g1"));
    grants.addGrant(grant("g2", "app", Optional.of(second.id())));
    grants.addGrant(offline("g3"));
    grants.addGrant(grant("g4", "other", Optional.empty()));

    assertThat(grants.revokeGrantsOfSession(session.id(), NOW)).isEqualTo(1);
    assertThat(live("g1")).isFalse();
    assertThat(live("g2")).isTrue();
    assertThat(grants.revokeGrantsOfUserAndClient(user, "app", NOW)).isEqualTo(2);
    assertThat(live("g3")).isFalse();
    assertThat(live("g4")).isTrue();
    assertThat(grants.revokeGrantsOfUser(user, NOW)).isEqualTo(1);
    assertThat(live("g4")).isFalse();
  }

  @Test
  void aConsentIsSavedReplacedListedByClientNameAndDeleted() {
    grants.saveConsent(user, "app", List.of("openid"), NOW);
    grants.saveConsent(user, "app", List.of("openid", "email"), LATER);
    grants.saveConsent(user, "other", List.of("openid"), NOW);

    assertThat(grants.findConsent(user, "app"))
        .hasValue(new GrantStore.Consent("app", "Zeta app", List.of("openid", "email"), LATER));
    assertThat(grants.listConsents(user))
        .extracting(GrantStore.Consent::clientName)
        .containsExactly("Alpha app", "Zeta app");
    assertThat(grants.deleteConsent(user, "app")).isTrue();
    assertThat(grants.deleteConsent(user, "app")).isFalse();
    assertThat(grants.listConsents(user))
        .extracting(GrantStore.Consent::clientId)
        .containsExactly("other");
  }
}
