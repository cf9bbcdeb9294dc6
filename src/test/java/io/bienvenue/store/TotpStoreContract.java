package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.SecondFactor;
import io.bienvenue.user.User;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class TotpStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private TestDatabase backend;
  private final MutableClock clock = MutableClock.startingNow();
  private Database database;
  private TotpStore totp;
  private User user;
  private Instant now;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    totp = new TotpStore(database.jdbi());
    user = new UserStore(database.jdbi(), clock).addUser("a@example.org", "h");
    now = clock.instant();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  @Test
  void anEnrolmentIsPendingUntilConfirmedAndThenRecordsItsStep() {
    assertThat(totp.find(user.id())).isEmpty();

    assertThat(totp.startEnrolment(user.id(), "SECRET1", now)).isTrue();
    SecondFactor pending = totp.find(user.id()).orElseThrow();
    assertThat(pending.on()).isFalse();
    assertThat(pending.secret()).isEqualTo("SECRET1");
    assertThat(pending.toString()).doesNotContain("SECRET1");

    assertThat(totp.confirm(user.id(), "SECRET1", 100, now)).isTrue();
    SecondFactor on = totp.find(user.id()).orElseThrow();
    assertThat(on.on()).isTrue();
    assertThat(on.lastStep()).hasValue(100);
    assertThat(totp.confirm(user.id(), "SECRET1", 101, now)).as("confirmed once only").isFalse();
  }

  @Test
  void aNewEnrolmentReplacesAPendingOneButNotOneThatIsOn() {
    totp.startEnrolment(user.id(), "FIRST", now);
    assertThat(totp.startEnrolment(user.id(), "SECOND", now)).isTrue();
    assertThat(totp.find(user.id()).orElseThrow().secret()).isEqualTo("SECOND");
    totp.confirm(user.id(), "SECOND", 1, now);

    assertThat(totp.startEnrolment(user.id(), "THIRD", now)).isFalse();
    assertThat(totp.find(user.id()).orElseThrow().secret()).isEqualTo("SECOND");
  }

  @Test
  void onlyTheSecretTheCodeWasCheckedAgainstIsConfirmed() {
    totp.startEnrolment(user.id(), "SEEN", now);
    totp.startEnrolment(user.id(), "REPLACED", now);

    assertThat(totp.confirm(user.id(), "SEEN", 5, now))
        .as("another enrolment replaced the secret the code was for")
        .isFalse();
    assertThat(totp.find(user.id()).orElseThrow().on()).isFalse();
    assertThat(totp.confirm(user.id(), "REPLACED", 5, now)).isTrue();
  }

  @Test
  void acceptStepOnlyMovesForwardSoAReplayedStepIsRefused() {
    totp.startEnrolment(user.id(), "S", now);
    assertThat(totp.acceptStep(user.id(), 10)).as("not on yet").isFalse();
    totp.confirm(user.id(), "S", 10, now);

    assertThat(totp.acceptStep(user.id(), 10)).isFalse();
    assertThat(totp.acceptStep(user.id(), 9)).isFalse();
    assertThat(totp.acceptStep(user.id(), 11)).isTrue();
    assertThat(totp.acceptStep(user.id(), 11)).isFalse();
    assertThat(totp.find(user.id()).orElseThrow().lastStep()).hasValue(11);
  }

  @Test
  void aRecoveryCodeIsUsedOnceAndReplacingThemVoidsTheOldOnes() {
    totp.replaceRecoveryCodes(user.id(), List.of("h1", "h2"));

    assertThat(totp.useRecoveryCode(user.id(), "h1", now)).isTrue();
    assertThat(totp.useRecoveryCode(user.id(), "h1", now)).isFalse();
    assertThat(totp.useRecoveryCode(user.id(), "h3", now)).isFalse();
    assertThat(totp.unusedRecoveryCodes(user.id())).isEqualTo(1);
    totp.replaceRecoveryCodes(user.id(), List.of("h4"));
    assertThat(totp.useRecoveryCode(user.id(), "h2", now)).isFalse();
    assertThat(totp.unusedRecoveryCodes(user.id())).isEqualTo(1);
  }

  @Test
  void anotherUsersRecoveryCodeDoesNotWork() {
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    totp.replaceRecoveryCodes(other.id(), List.of("theirs"));

    assertThat(totp.useRecoveryCode(user.id(), "theirs", now)).isFalse();
    assertThat(totp.unusedRecoveryCodes(other.id())).isEqualTo(1);
  }

  @Test
  void deleteRemovesTheFactorAndItsCodes() {
    totp.startEnrolment(user.id(), "S", now);
    totp.replaceRecoveryCodes(user.id(), List.of("h1"));

    assertThat(totp.delete(user.id())).isTrue();
    assertThat(totp.delete(user.id())).isFalse();
    assertThat(totp.find(user.id())).isEmpty();
    assertThat(totp.unusedRecoveryCodes(user.id())).isZero();
  }

  @Test
  void deletingAUserDeletesItsSecondFactor() {
    totp.startEnrolment(user.id(), "S", now);
    totp.replaceRecoveryCodes(user.id(), List.of("h1"));

    new UserStore(database.jdbi(), clock).deleteUser(user.id());

    assertThat(totp.find(user.id())).isEmpty();
    assertThat(totp.unusedRecoveryCodes(user.id())).isZero();
  }

  @Test
  void everySecretIsListedByUserAndReplacedOnlyIfStillTheSameOne() {
    User other = new UserStore(database.jdbi(), clock).addUser("b@example.org", "h");
    totp.startEnrolment(user.id(), "CLEAR", now);
    totp.startEnrolment(other.id(), "OTHER", now);

    assertThat(totp.secrets())
        .containsExactly(entry(user.id(), "CLEAR"), entry(other.id(), "OTHER"));
    assertThat(totp.replaceSecret(user.id(), "CLEAR", "SEALED")).isTrue();
    assertThat(totp.replaceSecret(user.id(), "CLEAR", "SEALED AGAIN"))
        .as("another instance sealed it first")
        .isFalse();
    assertThat(totp.find(user.id()).orElseThrow().secret()).isEqualTo("SEALED");
    assertThat(totp.find(other.id()).orElseThrow().secret()).isEqualTo("OTHER");
  }
}
