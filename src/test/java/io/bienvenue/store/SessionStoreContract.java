package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.Session;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    Session phone = add(user.id(), "hash-phone", now, now.plusSeconds(60));
    Session laptop = add(user.id(), "hash-laptop", now, now.plusSeconds(60));

    assertThat(phone.id()).isNotEqualTo(laptop.id());
    assertThat(stored("hash-phone")).contains(phone);
    assertThat(stored("hash-laptop")).contains(laptop);
    assertThat(stored("hash-other")).isEmpty();
  }

  @Test
  void findWithUserReadsTheSessionAndItsUserTogether() {
    Instant now = clock.instant();
    Session session = add(user.id(), "h-joined", now, now.plusSeconds(60));

    SessionAndUser found = sessions.findWithUser("h-joined").orElseThrow();

    assertThat(found.session()).isEqualTo(session);
    assertThat(found.user()).isEqualTo(user);
    assertThat(sessions.findWithUser("h-unknown")).isEmpty();
  }

  @Test
  void findPublicIdGivesTheSessionsPublicIdByRowIdUntilItIsDeleted() {
    Instant now = clock.instant();
    Session session = add(user.id(), "h-public", now, now.plusSeconds(60));
    Session other = add(user.id(), "h-other", now, now.plusSeconds(60));

    assertThat(sessions.findPublicId(session.id())).contains(session.publicId());
    assertThat(session.publicId()).isNotEqualTo(other.publicId()).isNotEqualTo("h-public");

    sessions.deleteByTokenHash("h-public");

    assertThat(sessions.findPublicId(session.id())).isEmpty();
    assertThat(sessions.findPublicId(other.id())).contains(other.publicId());
  }

  @Test
  void touchMovesTheLastSeenStamp() {
    Instant now = clock.instant();
    Session session = add(user.id(), "h1", now, now.plusSeconds(600));

    sessions.touch(session.id(), now.plusSeconds(30));

    assertThat(stored("h1").orElseThrow().lastSeenAt()).isEqualTo(now.plusSeconds(30));
  }

  @Test
  void deleteByTokenHashEndsOnlyThatSession() {
    Instant now = clock.instant();
    add(user.id(), "h1", now, now.plusSeconds(60));
    add(user.id(), "h2", now, now.plusSeconds(60));

    assertThat(sessions.deleteByTokenHash("h1")).isTrue();
    assertThat(sessions.deleteByTokenHash("h1")).isFalse();
    assertThat(stored("h2")).isPresent();
  }

  @Test
  void deleteAllOfUserEndsEveryOneOfTheirSessions() {
    Instant now = clock.instant();
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    add(user.id(), "h1", now, now.plusSeconds(60));
    add(user.id(), "h2", now, now.plusSeconds(60));
    add(other.id(), "h3", now, now.plusSeconds(60));

    assertThat(sessions.deleteAllOfUser(user.id())).isEqualTo(2);
    assertThat(stored("h3")).isPresent();
  }

  @Test
  void deleteEndedOfUserRemovesExpiredAndIdleSessionsOnly() {
    Instant start = clock.instant();
    add(user.id(), "expired", start, start.plusSeconds(10));
    Session idle = add(user.id(), "idle", start, start.plusSeconds(1000));
    Session fresh = add(user.id(), "fresh", start, start.plusSeconds(1000));
    Instant now = start.plus(Duration.ofSeconds(100));
    sessions.touch(fresh.id(), now);

    int removed = sessions.deleteEndedOfUser(user.id(), now, now.minusSeconds(50));

    assertThat(removed).isEqualTo(2);
    assertThat(stored("idle")).isEmpty();
    assertThat(stored("fresh")).isPresent();
    assertThat(idle.toString()).doesNotContain("idle");
  }

  @Test
  void deleteEndedRemovesTheEndedSessionsOfEveryUserOnly() {
    Instant start = clock.instant();
    long other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h").id();
    add(user.id(), "expired", start, start.plusSeconds(10));
    add(other, "idle", start, start.plusSeconds(1000));
    Session fresh = add(other, "fresh", start, start.plusSeconds(1000));
    Instant now = start.plus(Duration.ofSeconds(100));
    sessions.touch(fresh.id(), now);

    int removed = sessions.deleteEnded(now, now.minusSeconds(50));

    assertThat(removed).isEqualTo(2);
    assertThat(stored("expired")).isEmpty();
    assertThat(stored("idle")).isEmpty();
    assertThat(stored("fresh")).isPresent();
    assertThat(sessions.deleteEnded(now, now.minusSeconds(50))).isZero();
  }

  @Test
  void deletingAUserDeletesItsSessions() {
    Instant now = clock.instant();
    add(user.id(), "h1", now, now.plusSeconds(60));

    database.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", user.id()));

    assertThat(stored("h1")).isEmpty();
  }

  @Test
  void aSessionKeepsItsPublicIdAndOrigin() {
    Instant now = clock.instant();
    SessionOrigin origin = SessionOrigin.of("203.0.113.7", "Firefox/140");

    Session added =
        sessions.add(
            user.id(),
            "pub-1",
            "h-origin",
            now,
            now.plusSeconds(60),
            origin,
            List.of("pwd", "otp"));

    assertThat(added.publicId()).isEqualTo("pub-1");
    assertThat(added.origin()).isEqualTo(origin);
    assertThat(added.amr()).containsExactly("pwd", "otp");
    assertThat(sessions.findWithUser("h-origin").orElseThrow().session().amr())
        .containsExactly("pwd", "otp");
    assertThat(stored("h-origin")).contains(added);
  }

  @Test
  void twoSessionsCannotShareAPublicId() {
    Instant now = clock.instant();
    sessions.add(
        user.id(), "same", "h1", now, now.plusSeconds(60), SessionOrigin.UNKNOWN, List.of());

    assertThatThrownBy(
            () ->
                sessions.add(
                    user.id(),
                    "same",
                    "h2",
                    now,
                    now.plusSeconds(60),
                    SessionOrigin.UNKNOWN,
                    List.of()))
        .isInstanceOf(RuntimeException.class);
    assertThat(stored("h2")).isEmpty();
  }

  @Test
  void listLiveOfUserGivesOnlyThatUsersLiveSessionsNewestFirst() {
    Instant start = clock.instant();
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    Session old = add(user.id(), "old", start, start.plusSeconds(1000));
    Session newer = add(user.id(), "newer", start.plusSeconds(10), start.plusSeconds(1000));
    add(user.id(), "expired", start, start.plusSeconds(20));
    add(user.id(), "idle", start, start.plusSeconds(1000));
    add(other.id(), "other", start, start.plusSeconds(1000));
    Instant now = start.plusSeconds(100);
    sessions.touch(old.id(), now);
    sessions.touch(newer.id(), now);

    List<Session> live = sessions.listLiveOfUser(user.id(), now, now.minusSeconds(50));

    assertThat(live).extracting(Session::tokenHash).containsExactly("newer", "old");
  }

  @Test
  void deleteOfUserByPublicIdEndsOnlyTheOwnersSession() {
    Instant now = clock.instant();
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    Session mine = add(user.id(), "h-mine", now, now.plusSeconds(60));
    Session theirs = add(other.id(), "h-theirs", now, now.plusSeconds(60));

    assertThat(sessions.deleteOfUserByPublicId(user.id(), theirs.publicId())).isFalse();
    assertThat(stored("h-theirs")).isPresent();
    assertThat(sessions.deleteOfUserByPublicId(user.id(), mine.publicId())).isTrue();
    assertThat(stored("h-mine")).isEmpty();
    assertThat(sessions.deleteOfUserByPublicId(user.id(), mine.publicId())).isFalse();
  }

  @Test
  void deleteOthersOfUserKeepsOnlyTheGivenSession() {
    Instant now = clock.instant();
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    add(user.id(), "kept", now, now.plusSeconds(60));
    add(user.id(), "h2", now, now.plusSeconds(60));
    add(user.id(), "h3", now, now.plusSeconds(60));
    add(other.id(), "h4", now, now.plusSeconds(60));

    assertThat(sessions.deleteOthersOfUser(user.id(), "kept")).isEqualTo(2);
    assertThat(stored("kept")).isPresent();
    assertThat(stored("h2")).isEmpty();
    assertThat(stored("h4")).isPresent();
  }

  private Session add(long userId, String tokenHash, Instant createdAt, Instant expiresAt) {
    return sessions.add(
        userId,
        "id-" + tokenHash,
        tokenHash,
        createdAt,
        expiresAt,
        SessionOrigin.UNKNOWN,
        List.of("pwd"));
  }

  /** The session stored under {@code tokenHash}, read the way the service reads it. */
  private Optional<Session> stored(String tokenHash) {
    return sessions.findWithUser(tokenHash).map(SessionAndUser::session);
  }
}
