package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestServices;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The races that PostgreSQL's READ COMMITTED isolation could let through if the database did not
 * decide them: two instances' worth of Auth on one database, racing.
 */
@RequiresPostgres
class AuthOnPostgresTest {

  private final MutableClock clock = MutableClock.startingNow();
  private TestDatabase database;
  private TestServices first;
  private TestServices second;

  @BeforeEach
  void start() {
    database = TestDatabase.postgres();
    first = services();
    second = services();
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
    database.close();
  }

  @Test
  void ofTwentyRacingRegistrationsOnTwoInstancesExactlyOneWins() throws Exception {
    List<Boolean> outcomes =
        Parallel.run(
            20,
            i -> {
              try {
                (i % 2 == 0 ? first : second).auth.registerUser("Race@example.org", "pwd" + i);
                return true;
              } catch (EmailAlreadyRegisteredException e) {
                return false;
              }
            });

    assertThat(outcomes).filteredOn(won -> won).hasSize(1);
  }

  @Test
  void aResetTokenUsedTenTimesAtOnceOnTwoInstancesWorksOnce() throws Exception {
    first.auth.registerUser("bob@example.org", "old password");
    String token = first.auth.getResetPasswordToken("bob@example.org");

    List<Boolean> outcomes =
        Parallel.run(
            10,
            i -> {
              try {
                (i % 2 == 0 ? first : second)
                    .auth.updatePassword("bob@example.org", token, "new password " + i);
                return true;
              } catch (InvalidResetTokenException e) {
                return false;
              }
            });

    assertThat(outcomes).filteredOn(won -> won).hasSize(1);
  }

  @Test
  void failedLoginsOnBothInstancesAreCountedTogether() throws Exception {
    first.auth.registerUser("eve@example.org", "right password");

    Parallel.run(
        10,
        i -> {
          assertThatThrownBy(
                  () ->
                      (i % 2 == 0 ? first : second)
                          .auth.logIn("eve@example.org", "wrong", "203.0.113.5"))
              .isInstanceOf(InvalidCredentialsException.class);
          return null;
        });

    assertThatThrownBy(() -> second.auth.logIn("eve@example.org", "right password", "203.0.113.5"))
        .isInstanceOf(TooManyAttemptsException.class);
  }

  @Test
  void aPasswordResetOnOneInstanceEndsSessionsSeenByTheOther() {
    first.auth.registerUser("kim@example.org", "old password");
    String session = first.auth.logIn("kim@example.org", "old password", "198.51.100.1").token();
    String token = second.auth.getResetPasswordToken("kim@example.org");

    second.auth.updatePassword("kim@example.org", token, "new password");

    assertThat(first.auth.getUserFromSessionId(session)).isEmpty();
  }

  @Test
  void noSessionOpenedWithTheOldPasswordOutlivesAConcurrentReset() throws Exception {
    first.auth.registerUser("lee@example.org", "password 0");
    for (int round = 0; round < 15; round++) {
      String oldPassword = "password " + round;
      String newPassword = "password " + (round + 1);
      String token = first.auth.getResetPasswordToken("lee@example.org");
      List<Object> outcomes =
          Parallel.run(
              8,
              i -> {
                if (i == 0) {
                  second.auth.updatePassword("lee@example.org", token, newPassword);
                  return "reset";
                }
                try {
                  return (i % 2 == 0 ? first : second)
                      .auth
                      .logIn("lee@example.org", oldPassword, "198.51.100." + i)
                      .token();
                } catch (InvalidCredentialsException | TooManyAttemptsException e) {
                  // Failed logins add up over the rounds; a throttled one is refused too.
                  return "refused";
                }
              });

      for (Object outcome : outcomes.subList(1, outcomes.size())) {
        if (!"refused".equals(outcome)) {
          assertThat(first.auth.getUserFromSessionId((String) outcome))
              .as("round %d: a session opened with the old password after the reset", round)
              .isEmpty();
        }
      }
    }
  }

  private TestServices services() {
    return new TestServices(
        database.location(),
        clock,
        Lifetimes.DEFAULTS,
        ThrottlePolicy.DEFAULTS,
        TestServices.FAST_COST);
  }
}
