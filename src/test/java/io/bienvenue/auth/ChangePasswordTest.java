package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.AuthServices;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.testing.TestSecrets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A signed-in user changing their password through {@link Auth#changePassword}. */
class ChangePasswordTest {

  private static final String EMAIL = "ada@example.org";
  private static final String ADDRESS = "198.51.100.7";

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  @BeforeEach
  void start() {
    services.auth().registerUser(EMAIL, "old");
  }

  @Test
  void theNewPasswordWorksTheOldOneNoLongerDoes() {
    String session = logIn("old");

    services.auth().changePassword(session, "old", "new", ADDRESS);

    assertThat(services.auth().validLogin(EMAIL, "new")).isTrue();
    assertThat(services.auth().validLogin(EMAIL, "old")).isFalse();
  }

  @Test
  void everyOtherSessionEndsAndTheCurrentOneStays() {
    String phone = logIn("old");
    String laptop = logIn("old");
    String tablet = logIn("old");

    services.auth().changePassword(laptop, "old", "new", ADDRESS);

    assertThat(services.auth().getUserFromSessionId(laptop)).isPresent();
    assertThat(services.auth().getUserFromSessionId(phone))
        .as("a session ended by the change")
        .isEmpty();
    assertThat(services.auth().getUserFromSessionId(tablet)).isEmpty();
    assertThat(services.auth().sessionsOf(laptop)).hasSize(1);
  }

  @Test
  void aPendingResetTokenIsVoided() {
    String session = logIn("old");
    String resetToken = services.auth().getResetPasswordToken(EMAIL);

    services.auth().changePassword(session, "old", "new", ADDRESS);

    assertThatThrownBy(() -> services.auth().updatePassword(EMAIL, resetToken, "hijacked"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(services.auth().validLogin(EMAIL, "new")).isTrue();
  }

  @Test
  void aWrongCurrentPasswordIsRefusedAndChangesNothing() {
    String session = logIn("old");
    String other = logIn("old");

    assertThatThrownBy(() -> services.auth().changePassword(session, "wrong", "new", ADDRESS))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessage("wrong password");
    assertThat(services.auth().validLogin(EMAIL, "old")).isTrue();
    assertThat(services.auth().getUserFromSessionId(other)).isPresent();
  }

  @Test
  void wrongCurrentPasswordsCountTowardTheLoginThrottle() {
    String session = logIn("old");
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> services.auth().changePassword(session, "wrong", "new", ADDRESS))
          .isInstanceOf(WrongPasswordException.class);
    }

    assertThatThrownBy(() -> services.auth().changePassword(session, "old", "new", ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThatThrownBy(() -> services.auth().logIn(EMAIL, "old", ADDRESS))
        .as("a login from that address waits too")
        .isInstanceOf(TooManyAttemptsException.class);
    services.clock().advance(ThrottlePolicy.DEFAULTS.window().plus(Duration.ofSeconds(1)));
    services.auth().changePassword(session, "old", "new", ADDRESS);
    assertThat(services.auth().validLogin(EMAIL, "new")).isTrue();
  }

  @Test
  void withoutALiveSessionNothingChanges() {
    assertThatThrownBy(() -> services.auth().changePassword(null, "old", "new", ADDRESS))
        .isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> services.auth().changePassword("A".repeat(43), "old", "new", ADDRESS))
        .isInstanceOf(NoSessionException.class);
    assertThat(services.auth().validLogin(EMAIL, "old")).isTrue();
  }

  @Test
  void ofTenConcurrentChangesWithTheSamePasswordExactlyOneWins() throws Exception {
    String session = logIn("old");

    List<Boolean> won =
        Parallel.run(
            10,
            i -> {
              try {
                services.auth().changePassword(session, "old", "new" + i, ADDRESS);
                return true;
              } catch (WrongPasswordException e) {
                return false;
              }
            });

    assertThat(won).filteredOn(w -> w).hasSize(1);
    assertThat(services.auth().validLogin(EMAIL, "old")).isFalse();
  }

  @Test
  void inProductionTheNewPasswordMeetsThePolicyAndANoticeIsQueued() {
    Stores stores = services.stores();
    Auth production =
        AuthServices.wire(
                stores,
                services.hasher(),
                new Tokens(new SecureRandom()),
                TestSecrets.box(),
                new AuthSettings(
                    Lifetimes.DEFAULTS,
                    ThrottlePolicy.DEFAULTS,
                    PasswordPolicy.production(15),
                    ResetDelivery.BY_EMAIL),
                AuthEvents.NONE,
                services.clock())
            .auth();
    String session = logIn("old");
    OutboxStore outbox = stores.outbox();

    assertThatThrownBy(() -> production.changePassword(session, "old", "short", ADDRESS))
        .isInstanceOf(InvalidFieldException.class);
    assertThat(PendingMail.count(services.database())).isZero();
    production.changePassword(session, "old", "a long enough new passphrase", ADDRESS);

    assertThat(PendingMail.count(services.database())).isEqualTo(1);
    var notice = outbox.claimDue(services.clock().instant(), Duration.ofMinutes(1), 10).get(0);
    assertThat(notice.kind()).isEqualTo(Notice.PASSWORD_CHANGED.kind());
    assertThat(notice.recipient()).isEqualTo(EMAIL);
  }

  private String logIn(String password) {
    return services.auth().logIn(EMAIL, password, ADDRESS).token();
  }
}
