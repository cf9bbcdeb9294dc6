package io.bienvenue.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.TestServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Login throttling (ASVS V2.2.1): counted in the database, per account and per client address. */
class LoginThrottleTest {

  private static final String ATTACKER = "203.0.113.66";
  private static final String OWNER = "198.51.100.7";
  private static final ThrottlePolicy POLICY =
      new ThrottlePolicy(10, 40, 60, Duration.ofMinutes(15));

  @RegisterExtension final AuthFixture services = AuthFixture.development().withThrottle(POLICY);

  @BeforeEach
  void start() {
    services.auth().registerUser("alice@example.org", "correct horse");
  }

  @Test
  void tenFailuresFromOneAddressShutThatAddressOutWithoutRunningBcrypt() {
    failLogins("alice@example.org", ATTACKER, 10);
    services.hasher().close(); // any bcrypt work from here on would fail as "busy"

    assertThatThrownBy(() -> services.auth().logIn("alice@example.org", "correct horse", ATTACKER))
        .isInstanceOf(TooManyAttemptsException.class)
        .satisfies(
            e ->
                assertThat(((TooManyAttemptsException) e).retryAfterSeconds())
                    .isBetween(14 * 60L, 15 * 60L));
  }

  @Test
  void theRealUserOnAnotherAddressStillLogsIn() {
    failLogins("alice@example.org", ATTACKER, 10);

    assertThat(services.auth().logIn("alice@example.org", "correct horse", OWNER).token())
        .isNotBlank();
    assertThatThrownBy(() -> services.auth().logIn("alice@example.org", "correct horse", ATTACKER))
        .isInstanceOf(TooManyAttemptsException.class);
  }

  @Test
  void theWaitEndsWithTheWindow() {
    failLogins("alice@example.org", ATTACKER, 10);

    services.clock().advance(Duration.ofMinutes(15));

    assertThat(services.auth().logIn("alice@example.org", "correct horse", ATTACKER)).isNotNull();
  }

  @Test
  void aSuccessResetsTheAccountsCounters() {
    failLogins("alice@example.org", OWNER, 9);
    services.auth().logIn("alice@example.org", "correct horse", OWNER);
    failLogins("alice@example.org", OWNER, 9);

    assertThatCode(() -> services.auth().logIn("alice@example.org", "correct horse", OWNER))
        .doesNotThrowAnyException();
  }

  @Test
  void unknownEmailsAreCountedLikeKnownOnes() {
    failLogins("nobody@example.org", ATTACKER, 10);

    assertThatThrownBy(() -> services.auth().logIn("nobody@example.org", "x", ATTACKER))
        .isInstanceOf(TooManyAttemptsException.class);
  }

  @Test
  void sprayingManyAccountsFromOneAddressIsLimitedToo() {
    for (int i = 0; i < 40; i++) {
      failLogins("victim" + i + "@example.org", ATTACKER, 1);
    }

    assertThatThrownBy(() -> services.auth().logIn("alice@example.org", "correct horse", ATTACKER))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(services.auth().logIn("alice@example.org", "correct horse", OWNER)).isNotNull();
  }

  @Test
  void aDistributedAttackOnOneAccountMeetsTheSoftPerAccountLimit() {
    for (int i = 0; i < 60; i++) {
      failLogins("alice@example.org", "192.0.2." + i, 1);
    }

    assertThatThrownBy(() -> services.auth().logIn("alice@example.org", "correct horse", OWNER))
        .isInstanceOf(TooManyAttemptsException.class);
    services.clock().advance(Duration.ofMinutes(15));
    assertThat(services.auth().logIn("alice@example.org", "correct horse", OWNER))
        .as("never a permanent lockout")
        .isNotNull();
  }

  @Test
  void emailsDifferingInCaseShareACounter() {
    failLogins("alice@example.org", ATTACKER, 5);
    failLogins("ALICE@example.org", ATTACKER, 5);

    assertThatThrownBy(() -> services.auth().logIn("Alice@Example.org", "correct horse", ATTACKER))
        .isInstanceOf(TooManyAttemptsException.class);
  }

  @Test
  void everyInstanceOnTheSameDatabaseSharesTheCounts() {
    try (TestServices other =
        new TestServices(services.folder(), services.clock(), Lifetimes.DEFAULTS, POLICY)) {
      failLogins("alice@example.org", ATTACKER, 5);
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> other.auth.logIn("alice@example.org", "wrong", ATTACKER))
            .isInstanceOf(InvalidCredentialsException.class);
      }

      assertThatThrownBy(
              () -> services.auth().logIn("alice@example.org", "correct horse", ATTACKER))
          .isInstanceOf(TooManyAttemptsException.class);
    }
  }

  @Test
  void theCountersHoldNoEmailOrAddressInClear() {
    failLogins("alice@example.org", ATTACKER, 3);

    List<String> keys =
        services
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT throttle_key FROM login_throttle")
                        .mapTo(String.class)
                        .list());

    assertThat(keys).hasSize(3).allMatch(k -> k.matches("[0-9a-f]{64}"));
  }

  private void failLogins(String email, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertThatThrownBy(() -> services.auth().logIn(email, "wrong password", address))
          .isInstanceOf(InvalidCredentialsException.class);
    }
  }
}
