package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class EmailCodeStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Duration WINDOW = Duration.ofHours(1);

  private TestDatabase backend;
  private final MutableClock clock = MutableClock.startingNow();
  private Database database;
  private EmailCodeStore codes;
  private User user;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 4);
    codes = new EmailCodeStore(database.jdbi());
    user = new UserStore(database.jdbi(), clock).addUser("a@example.org", "h");
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private Instant now() {
    return clock.instant();
  }

  private boolean use(String hash) {
    return codes.use(user.id(), hash, now(), 5, now().minus(WINDOW));
  }

  private void countWrong() {
    codes.countWrong(user.id(), now(), now().minus(WINDOW));
  }

  @Test
  void aCodeWorksOnceAndIsStoredAsGiven() {
    assertThat(codes.find(user.id())).isEmpty();
    codes.replace(user.id(), "HASH1", "kid", now().plusSeconds(600));

    StoredEmailCode stored = codes.find(user.id()).orElseThrow();
    assertThat(stored.codeHash()).hasValue("HASH1");
    assertThat(stored.keyId()).isEqualTo("kid");
    assertThat(stored.toString()).doesNotContain("HASH1");

    assertThat(use("HASH2")).as("another hash").isFalse();
    assertThat(use("HASH1")).isTrue();
    assertThat(use("HASH1")).as("used once").isFalse();
    assertThat(codes.find(user.id()).orElseThrow().codeHash()).isEmpty();
  }

  @Test
  void aNewCodeVoidsTheOlderOne() {
    codes.replace(user.id(), "OLD", "kid", now().plusSeconds(600));
    codes.replace(user.id(), "NEW", "kid", now().plusSeconds(600));

    assertThat(use("OLD")).isFalse();
    assertThat(use("NEW")).isTrue();
  }

  @Test
  void anExpiredCodeDoesNotWork() {
    codes.replace(user.id(), "HASH", "kid", now().plusSeconds(600));
    clock.advance(Duration.ofSeconds(600));

    assertThat(use("HASH")).isFalse();
  }

  @Test
  void fiveWrongCodesVoidTheCodeAndANewOneUntilTheWindowEnds() {
    codes.replace(user.id(), "FIRST", "kid", now().plusSeconds(600));
    for (int i = 0; i < 4; i++) {
      countWrong();
    }
    codes.replace(user.id(), "SECOND", "kid", now().plusSeconds(600));
    assertThat(codes.find(user.id()).orElseThrow().wrongTries())
        .as("a new code keeps the count")
        .isEqualTo(4);
    countWrong();

    assertThat(use("SECOND")).as("the fifth wrong code voids it").isFalse();
    codes.replace(user.id(), "THIRD", "kid", now().plusSeconds(600));
    assertThat(use("THIRD")).as("and the next, within the window").isFalse();

    clock.advance(WINDOW);
    codes.replace(user.id(), "FOURTH", "kid", now().plusSeconds(600));
    assertThat(use("FOURTH")).as("once the window is over").isTrue();
    assertThat(codes.find(user.id()).orElseThrow().wrongTries()).isZero();
  }

  @Test
  void aWrongCodeAfterTheWindowStartsTheCountAgain() {
    codes.replace(user.id(), "HASH", "kid", now().plusSeconds(7200));
    for (int i = 0; i < 4; i++) {
      countWrong();
    }
    clock.advance(WINDOW);
    countWrong();

    StoredEmailCode stored = codes.find(user.id()).orElseThrow();
    assertThat(stored.wrongTries()).isEqualTo(1);
    assertThat(stored.wrongSince().orElseThrow().toEpochMilli()).isEqualTo(now().toEpochMilli());
    assertThat(use("HASH")).isTrue();
  }

  @Test
  void ofTenConcurrentUsesOfOneCodeOneWins() throws Exception {
    codes.replace(user.id(), "HASH", "kid", now().plusSeconds(600));

    List<Boolean> won = Parallel.run(10, i -> use("HASH"));

    assertThat(won).containsOnlyOnce(true);
  }

  @Test
  void deletingTheUserDeletesItsCode() {
    codes.replace(user.id(), "HASH", "kid", now().plusSeconds(600));
    new UserStore(database.jdbi(), clock).deleteUser(user.id());

    assertThat(codes.find(user.id())).isEmpty();
  }
}
