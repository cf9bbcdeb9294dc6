package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.testing.TestServices;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed-in user deleting their own account through {@link Auth#deleteAccount}. */
class DeleteAccountTest {

  private static final String EMAIL = "ada@example.org";
  private static final String ADDRESS = "198.51.100.7";

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private TestServices services;
  private Auth auth;

  @BeforeEach
  void start() {
    services = new TestServices(folder, clock, Lifetimes.DEFAULTS);
    auth = services.auth;
    auth.registerUser(EMAIL, "pwd");
    auth.registerUser("bob@example.org", "pwd");
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void theUserItsSessionsAndItsResetTokenGoAndTheEmailCanRegisterAgain() {
    String phone = auth.logIn(EMAIL, "pwd", ADDRESS).token();
    String laptop = auth.logIn(EMAIL, "pwd", ADDRESS).token();
    String resetToken = auth.getResetPasswordToken(EMAIL);
    String bob = auth.logIn("bob@example.org", "pwd", ADDRESS).token();

    auth.deleteAccount(laptop, "pwd", ADDRESS);

    assertThat(auth.getUserFromSessionId(laptop)).isEmpty();
    assertThat(auth.getUserFromSessionId(phone)).isEmpty();
    assertThat(auth.validLogin(EMAIL, "pwd")).isFalse();
    assertThatThrownBy(() -> auth.updatePassword(EMAIL, resetToken, "new"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(rows("SELECT count(*) FROM sessions WHERE user_id NOT IN (SELECT id FROM users)"))
        .isZero();
    assertThat(auth.getUserFromSessionId(bob)).isPresent();
    assertThat(auth.registerUser(EMAIL, "again").email()).isEqualTo(EMAIL);
    assertThat(auth.validLogin(EMAIL, "again")).isTrue();
  }

  @Test
  void mailWaitingForTheAddressIsDropped() {
    String session = auth.logIn(EMAIL, "pwd", ADDRESS).token();
    OutboxStore outbox = new OutboxStore(services.database.jdbi());
    outbox.enqueue(Auth.PASSWORD_RESET_MAIL, EMAIL, clock.instant());
    outbox.enqueue(Auth.PASSWORD_RESET_MAIL, "bob@example.org", clock.instant());

    auth.deleteAccount(session, "pwd", ADDRESS);

    assertThat(PendingMail.count(services.database)).isEqualTo(1);
  }

  @Test
  void aWrongPasswordDeletesNothingAndCountsTowardTheThrottle() {
    String session = auth.logIn(EMAIL, "pwd", ADDRESS).token();

    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> auth.deleteAccount(session, "wrong", ADDRESS))
          .isInstanceOf(WrongPasswordException.class);
    }

    assertThatThrownBy(() -> auth.deleteAccount(session, "pwd", ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(auth.getUserFromSessionId(session)).isPresent();
    assertThat(rows("SELECT count(*) FROM users")).isEqualTo(2);
  }

  @Test
  void withoutALiveSessionNothingIsDeleted() {
    assertThatThrownBy(() -> auth.deleteAccount("A".repeat(43), "pwd", ADDRESS))
        .isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> auth.deleteAccount(null, "pwd", ADDRESS))
        .isInstanceOf(NoSessionException.class);
    assertThat(auth.validLogin(EMAIL, "pwd")).isTrue();
  }

  private long rows(String sql) {
    return services
        .database
        .jdbi()
        .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one())
        .longValue();
  }
}
