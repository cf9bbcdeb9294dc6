package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.Session;
import io.bienvenue.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class SessionStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private TestDatabase backend;
  private final MutableClock clock = MutableClock.startingNow();
  private Database database;
  private SessionStore sessions;
  private User user;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    sessions = new SessionStore(database.jdbi());
    user = new UserStore(database.jdbi(), clock).addUser("a@example.org", "h");
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  @Test
  void aUserCanHoldManySessions() {
    Instant now = clock.instant();
    Session phone = sessions.add(user.id(), "hash-phone", now, now.plusSeconds(60));
    Session laptop = sessions.add(user.id(), "hash-laptop", now, now.plusSeconds(60));

    assertThat(phone.id()).isNotEqualTo(laptop.id());
    assertThat(stored("hash-phone")).contains(phone);
    assertThat(stored("hash-laptop")).contains(laptop);
    assertThat(stored("hash-other")).isEmpty();
  }

  @Test
  void findWithUserReadsTheSessionAndItsUserTogether() {
    Instant now = clock.instant();
    Session session = sessions.add(user.id(), "h-joined", now, now.plusSeconds(60));

    SessionAndUser found = sessions.findWithUser("h-joined").orElseThrow();

    assertThat(found.session()).isEqualTo(session);
    assertThat(found.user()).isEqualTo(user);
    assertThat(sessions.findWithUser("h-unknown")).isEmpty();
  }

  @Test
  void touchMovesTheLastSeenStamp() {
    Instant now = clock.instant();
    Session session = sessions.add(user.id(), "h1", now, now.plusSeconds(600));

    sessions.touch(session.id(), now.plusSeconds(30));

    assertThat(stored("h1").orElseThrow().lastSeenAt()).isEqualTo(now.plusSeconds(30));
  }

  @Test
  void deleteByTokenHashEndsOnlyThatSession() {
    Instant now = clock.instant();
    sessions.add(user.id(), "h1", now, now.plusSeconds(60));
    sessions.add(user.id(), "h2", now, now.plusSeconds(60));

    assertThat(sessions.deleteByTokenHash("h1")).isTrue();
    assertThat(sessions.deleteByTokenHash("h1")).isFalse();
    assertThat(stored("h2")).isPresent();
  }

  @Test
  void deleteAllOfUserEndsEveryOneOfTheirSessions() {
    Instant now = clock.instant();
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    sessions.add(user.id(), "h1", now, now.plusSeconds(60));
    sessions.add(user.id(), "h2", now, now.plusSeconds(60));
    sessions.add(other.id(), "h3", now, now.plusSeconds(60));

    assertThat(sessions.deleteAllOfUser(user.id())).isEqualTo(2);
    assertThat(stored("h3")).isPresent();
  }

  @Test
  void deleteEndedOfUserRemovesExpiredAndIdleSessionsOnly() {
    Instant start = clock.instant();
    sessions.add(user.id(), "expired", start, start.plusSeconds(10));
    Session idle = sessions.add(user.id(), "idle", start, start.plusSeconds(1000));
    Session fresh = sessions.add(user.id(), "fresh", start, start.plusSeconds(1000));
    Instant now = start.plus(Duration.ofSeconds(100));
    sessions.touch(fresh.id(), now);

    int removed = sessions.deleteEndedOfUser(user.id(), now, now.minusSeconds(50));

    assertThat(removed).isEqualTo(2);
    assertThat(stored("idle")).isEmpty();
    assertThat(stored("fresh")).isPresent();
    assertThat(idle.toString()).doesNotContain("idle");
  }

  @Test
  void deletingAUserDeletesItsSessions() {
    Instant now = clock.instant();
    sessions.add(user.id(), "h1", now, now.plusSeconds(60));

    database.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", user.id()));

    assertThat(stored("h1")).isEmpty();
  }

  /** The session stored under {@code tokenHash}, read the way the service reads it. */
  private Optional<Session> stored(String tokenHash) {
    return sessions.findWithUser(tokenHash).map(SessionAndUser::session);
  }
}
