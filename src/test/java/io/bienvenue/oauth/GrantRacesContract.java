package io.bienvenue.oauth;

import static io.bienvenue.oauth.GrantFixtures.REDIRECT_URI;
import static io.bienvenue.oauth.GrantFixtures.VERIFIER;
import static io.bienvenue.oauth.GrantFixtures.addClient;
import static io.bienvenue.oauth.GrantFixtures.authorization;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.InvalidGrantException.Reason;
import io.bienvenue.store.Database;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.Session;
import io.bienvenue.user.SessionOrigin;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent uses of one code or one refresh token: the database decides which one wins. */
abstract class GrantRacesContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private final MutableClock clock = MutableClock.startingNow();
  private TestDatabase backend;
  private Database database;
  private Grants grants;
  private Client app;
  private Session session;

  @BeforeEach
  void open() {
    backend = newDatabase();
    database = Database.open(backend.location(), 4);
    Stores stores = Stores.on(database, clock);
    Tokens tokens = new Tokens(new SecureRandom());
    grants = new Grants(stores, tokens, Lifetimes.DEFAULTS, clock);
    app = addClient(stores, "app", true, true, clock);
    long user = stores.users().addUser("ada@example.org", "not-a-real-hash").id();
    session =
        stores
            .sessions()
            .add(
                user,
                tokens.newId(),
                Tokens.hash(tokens.newToken()),
                clock.instant(),
                clock.instant().plus(Duration.ofHours(12)),
                SessionOrigin.UNKNOWN,
                List.of("pwd"));
  }

  @AfterEach
  void close() {
    database.close();
    backend.close();
  }

  /** What one attempt came to: the grant's id, or the reason it was refused. */
  private static String outcome(Parallel.Attempt<String> attempt, int index) throws Exception {
    try {
      return attempt.run(index);
    } catch (InvalidGrantException refused) {
      return refused.reason().name();
    }
  }

  @Test
  void ofTenConcurrentRedemptionsOfACodeOneWinsAndTheReplaysRevokeItsGrant() throws Exception {
    String code = grants.issueCode(authorization(app, session, "openid"));

    List<String> outcomes =
        Parallel.run(
            10,
            index ->
                outcome(
                    i -> grants.redeemCode(code, "app", REDIRECT_URI, Optional.of(VERIFIER)).id(),
                    index));

    List<String> winners = outcomes.stream().filter(o -> !o.equals(Reason.REPLAY.name())).toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes).filteredOn(Reason.REPLAY.name()::equals).hasSize(9);
    assertThat(grants.isActive(winners.get(0))).isFalse();
  }

  @Test
  void ofConcurrentRotationsOfARefreshTokenOneWinsAndTheOthersAreReuse() throws Exception {
    Grant grant =
        grants.redeemCode(
            grants.issueCode(authorization(app, session, "openid")),
            "app",
            REDIRECT_URI,
            Optional.of(VERIFIER));
    String token = grants.issueRefresh(grant).orElseThrow();

    List<String> outcomes =
        Parallel.run(10, index -> outcome(i -> grants.rotate(token, "app").grant().id(), index));

    assertThat(outcomes).filteredOn(grant.id()::equals).hasSize(1);
    assertThat(outcomes).filteredOn(Reason.REUSE.name()::equals).hasSize(9);
    assertThat(grants.isActive(grant.id())).isFalse();
  }
}
