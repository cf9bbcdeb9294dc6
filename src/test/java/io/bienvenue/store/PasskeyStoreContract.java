package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class PasskeyStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private TestDatabase backend;
  private final MutableClock clock = MutableClock.startingNow();
  private Database database;
  private UserStore users;
  private PasskeyStore passkeys;
  private User alice;
  private User bob;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    users = new UserStore(database.jdbi(), clock);
    passkeys = new PasskeyStore(database.jdbi());
    alice = users.addUser("alice@example.org", "h");
    bob = users.addUser("bob@example.org", "h");
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private StoredPasskey passkey(String id, User owner, String credentialId) {
    return new StoredPasskey(
        id,
        owner.id(),
        credentialId,
        "public-key-of-" + credentialId,
        7,
        true,
        true,
        false,
        List.of("internal", "hybrid"),
        "Laptop " + id,
        clock.instant(),
        Optional.empty());
  }

  @Test
  void aStoredPasskeyReadsBackWhole() {
    StoredPasskey stored = passkey("p1", alice, "cred-1");
    assertThat(passkeys.add(stored, 10)).isTrue();

    assertThat(passkeys.ofUser(alice.id())).containsExactly(stored);
    assertThat(passkeys.findByCredentialId("cred-1")).hasValue(stored);
    assertThat(passkeys.ofUser(bob.id())).isEmpty();
    assertThat(passkeys.countOf(alice.id())).isEqualTo(1);
  }

  @Test
  void aCredentialIdBelongsToOneUserOnly() {
    assertThat(passkeys.add(passkey("p1", alice, "cred-1"), 10)).isTrue();

    assertThat(passkeys.add(passkey("p2", bob, "cred-1"), 10)).as("another user's").isFalse();
    assertThat(passkeys.add(passkey("p3", alice, "cred-1"), 10)).as("the same user's").isFalse();
    assertThat(passkeys.ofUser(bob.id())).isEmpty();
    assertThat(passkeys.findByCredentialId("cred-1").orElseThrow().userId()).isEqualTo(alice.id());
  }

  @Test
  void aUserAtTheCapCannotAddAnother() {
    assertThat(passkeys.add(passkey("p1", alice, "cred-1"), 2)).isTrue();
    assertThat(passkeys.add(passkey("p2", alice, "cred-2"), 2)).isTrue();

    assertThat(passkeys.add(passkey("p3", alice, "cred-3"), 2)).isFalse();
    assertThat(passkeys.countOf(alice.id())).isEqualTo(2);
    assertThat(passkeys.add(passkey("p4", bob, "cred-4"), 2)).as("the cap is per user").isTrue();
  }

  @Test
  void aUseIsRecordedOnlyAgainstTheCounterItWasCheckedWith() {
    passkeys.add(passkey("p1", alice, "cred-1"), 10);
    clock.advance(Duration.ofMinutes(1));
    Instant now = clock.instant();

    assertThat(passkeys.recordUse("p1", 7, 8, true, now)).isTrue();
    assertThat(passkeys.recordUse("p1", 7, 9, true, now)).as("a racing use of the same").isFalse();

    StoredPasskey used = passkeys.findByCredentialId("cred-1").orElseThrow();
    assertThat(used.signCount()).isEqualTo(8);
    assertThat(used.backupState()).isTrue();
    assertThat(used.lastUsedAt()).hasValue(Instant.ofEpochMilli(now.toEpochMilli()));
  }

  @Test
  void aUserDeletesOnlyTheirOwnPasskey() {
    passkeys.add(passkey("p1", alice, "cred-1"), 10);

    assertThat(passkeys.delete(bob.id(), "p1")).isFalse();
    assertThat(passkeys.findByCredentialId("cred-1")).isPresent();
    assertThat(passkeys.delete(alice.id(), "p1")).isTrue();
    assertThat(passkeys.findByCredentialId("cred-1")).isEmpty();
  }

  @Test
  void deletingTheUserDeletesTheirPasskeys() {
    passkeys.add(passkey("p1", alice, "cred-1"), 10);

    users.deleteUser(alice.id());

    assertThat(passkeys.findByCredentialId("cred-1")).isEmpty();
  }
}
