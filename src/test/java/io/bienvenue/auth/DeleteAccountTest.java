package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.PendingMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A signed-in user deleting their own account through {@link Auth#deleteAccount}. */
class DeleteAccountTest {

  private static final String EMAIL = "ada@example.org";
  private static final String ADDRESS = "198.51.100.7";

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  @BeforeEach
  void start() {
    services.auth().registerUser(EMAIL, "pwd");
    services.auth().registerUser("bob@example.org", "pwd");
  }

  @Test
  void theUserItsSessionsAndItsResetTokenGoAndTheEmailCanRegisterAgain() {
    String phone = services.auth().logIn(EMAIL, "pwd", ADDRESS).token();
    String laptop = services.auth().logIn(EMAIL, "pwd", ADDRESS).token();
    String resetToken = services.auth().getResetPasswordToken(EMAIL);
    String bob = services.auth().logIn("bob@example.org", "pwd", ADDRESS).token();

    services.auth().deleteAccount(laptop, "pwd", ADDRESS);

    assertThat(services.auth().getUserFromSessionId(laptop)).isEmpty();
    assertThat(services.auth().getUserFromSessionId(phone)).isEmpty();
    assertThat(services.auth().validLogin(EMAIL, "pwd")).isFalse();
    assertThatThrownBy(() -> services.auth().updatePassword(EMAIL, resetToken, "new"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(rows("SELECT count(*) FROM sessions WHERE user_id NOT IN (SELECT id FROM users)"))
        .isZero();
    assertThat(services.auth().getUserFromSessionId(bob)).isPresent();
    assertThat(services.auth().registerUser(EMAIL, "again").email()).isEqualTo(EMAIL);
    assertThat(services.auth().validLogin(EMAIL, "again")).isTrue();
  }

  @Test
  void mailWaitingForTheAddressIsDropped() {
    String session = services.auth().logIn(EMAIL, "pwd", ADDRESS).token();
    OutboxStore outbox = new OutboxStore(services.database().jdbi());
    outbox.enqueue(MailLinks.PASSWORD_RESET_MAIL, EMAIL, services.clock().instant());
    outbox.enqueue(MailLinks.PASSWORD_RESET_MAIL, "bob@example.org", services.clock().instant());

    services.auth().deleteAccount(session, "pwd", ADDRESS);

    assertThat(PendingMail.count(services.database())).isEqualTo(1);
  }

  @Test
  void aWrongPasswordDeletesNothingAndCountsTowardTheThrottle() {
    String session = services.auth().logIn(EMAIL, "pwd", ADDRESS).token();

    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> services.auth().deleteAccount(session, "wrong", ADDRESS))
          .isInstanceOf(WrongPasswordException.class);
    }

    assertThatThrownBy(() -> services.auth().deleteAccount(session, "pwd", ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(services.auth().getUserFromSessionId(session)).isPresent();
    assertThat(rows("SELECT count(*) FROM users")).isEqualTo(2);
  }

  @Test
  void withoutALiveSessionNothingIsDeleted() {
    assertThatThrownBy(() -> services.auth().deleteAccount("A".repeat(43), "pwd", ADDRESS))
        .isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> services.auth().deleteAccount(null, "pwd", ADDRESS))
        .isInstanceOf(NoSessionException.class);
    assertThat(services.auth().validLogin(EMAIL, "pwd")).isTrue();
  }

  private long rows(String sql) {
    return services
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one())
        .longValue();
  }
}
