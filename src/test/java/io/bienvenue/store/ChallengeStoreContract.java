package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.ChallengeStore.Caps;
import io.bienvenue.store.ChallengeStore.Purpose;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ChallengeStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Caps ROOMY = new Caps(5, 20, 100);
  private static final Duration LIFETIME = Duration.ofMinutes(5);

  private TestDatabase backend;
  private final MutableClock clock = MutableClock.startingNow();
  private Database database;
  private UserStore users;
  private ChallengeStore challenges;
  private User alice;
  private User bob;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 4);
    users = new UserStore(database.jdbi(), clock);
    challenges = new ChallengeStore(database.jdbi());
    alice = users.addUser("alice@example.org", "h");
    bob = users.addUser("bob@example.org", "h");
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private boolean issue(String challenge, Purpose purpose, OptionalLong user, String address) {
    Instant now = clock.instant();
    return challenges.issue(challenge, purpose, user, address, now.plus(LIFETIME), now, ROOMY);
  }

  private boolean consume(String challenge, Purpose purpose, OptionalLong user) {
    return challenges.consume(challenge, purpose, user, clock.instant());
  }

  @Test
  void aChallengeWorksOnce() {
    OptionalLong owner = OptionalLong.of(alice.id());
    assertThat(issue("c1", Purpose.REGISTRATION, owner, "192.0.2.1")).isTrue();

    assertThat(consume("c1", Purpose.REGISTRATION, owner)).isTrue();
    assertThat(consume("c1", Purpose.REGISTRATION, owner)).as("replayed").isFalse();
  }

  @Test
  void anotherUsersChallengeIsRefusedAndStaysTheirs() {
    OptionalLong owner = OptionalLong.of(alice.id());
    issue("c1", Purpose.REGISTRATION, owner, "192.0.2.1");

    assertThat(consume("c1", Purpose.REGISTRATION, OptionalLong.of(bob.id()))).isFalse();
    assertThat(consume("c1", Purpose.REGISTRATION, OptionalLong.empty())).isFalse();
    assertThat(consume("c1", Purpose.REGISTRATION, owner)).isTrue();
  }

  @Test
  void aChallengeServesOnlyItsPurpose() {
    issue("login", Purpose.AUTHENTICATION, OptionalLong.empty(), "192.0.2.1");

    assertThat(consume("login", Purpose.REGISTRATION, OptionalLong.empty())).isFalse();
    assertThat(consume("login", Purpose.AUTHENTICATION, OptionalLong.empty())).isTrue();
  }

  @Test
  void aChallengeExpiresAfterItsLifetime() {
    issue("late", Purpose.AUTHENTICATION, OptionalLong.empty(), "192.0.2.1");
    issue("early", Purpose.AUTHENTICATION, OptionalLong.empty(), "192.0.2.1");

    clock.advance(LIFETIME.minusSeconds(1));
    assertThat(consume("early", Purpose.AUTHENTICATION, OptionalLong.empty())).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(consume("late", Purpose.AUTHENTICATION, OptionalLong.empty())).isFalse();
  }

  @Test
  void liveChallengesAreCappedPerUserPerAddressAndInAll() {
    Instant now = clock.instant();
    Instant until = now.plus(LIFETIME);
    Caps caps = new Caps(2, 3, 4);
    OptionalLong owner = OptionalLong.of(alice.id());
    OptionalLong none = OptionalLong.empty();
    Purpose reg = Purpose.REGISTRATION;
    Purpose login = Purpose.AUTHENTICATION;

    assertThat(challenges.issue("u1", reg, owner, "a", until, now, caps)).isTrue();
    assertThat(challenges.issue("u2", reg, owner, "b", until, now, caps)).isTrue();
    assertThat(challenges.issue("u3", reg, owner, "c", until, now, caps)).as("user").isFalse();

    assertThat(challenges.issue("a2", login, none, "a", until, now, caps)).isTrue();
    assertThat(challenges.issue("a3", login, none, "a", until, now, caps)).isTrue();
    assertThat(challenges.issue("a4", login, none, "a", until, now, caps)).as("address").isFalse();

    assertThat(challenges.issue("d1", login, none, "d", until, now, caps)).as("table").isFalse();

    clock.advance(LIFETIME);
    Instant later = clock.instant();
    assertThat(challenges.issue("d2", login, none, "d", later.plus(LIFETIME), later, caps))
        .as("expired ones no longer count")
        .isTrue();
  }

  @Test
  void ofTenConcurrentAnswersOneWins() throws Exception {
    issue("raced", Purpose.AUTHENTICATION, OptionalLong.empty(), "192.0.2.1");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tries.add(() -> consume("raced", Purpose.AUTHENTICATION, OptionalLong.empty()));
      }
      long wins = 0;
      for (Future<Boolean> result : pool.invokeAll(tries)) {
        wins += result.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deletingTheUserDeletesTheirChallenges() {
    issue("c1", Purpose.REGISTRATION, OptionalLong.of(alice.id()), "192.0.2.1");

    users.deleteUser(alice.id());

    assertThat(consume("c1", Purpose.REGISTRATION, OptionalLong.of(alice.id()))).isFalse();
  }
}
