package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.OutboxMessage;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.user.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Notices}, the one-line call that queues a security notice: to the stored address, in the
 * caller's transaction, and only where the service sends mail.
 */
class NoticesTest {

  private static final AuthSettings PRODUCTION =
      new AuthSettings(
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          PasswordPolicy.production(15),
          ResetDelivery.BY_EMAIL);

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private Stores stores;
  private OutboxStore outbox;

  @BeforeEach
  void start() {
    stores = services.stores();
    outbox = stores.outbox();
  }

  @Test
  void aNoticeGoesToTheStoredAddressAndCommitsOrRollsBackWithTheChange() {
    User kate = services.users().addUser("Kate@Example.org", "hash");
    Notices notices = new Notices(outbox, PRODUCTION, services.clock());

    notices.queue(Notice.TWO_FACTOR_ON, kate);
    try {
      stores
          .transactor()
          .inTransaction(
              () -> {
                notices.queue(Notice.TWO_FACTOR_OFF, kate);
                throw new IllegalStateException("the change failed");
              });
    } catch (IllegalStateException expected) {
      // the notice of a change that did not happen goes with it
    }

    List<OutboxMessage> queued =
        outbox.claimDue(services.clock().instant(), Duration.ofMinutes(1), 10);
    assertThat(queued).extracting(OutboxMessage::kind).containsExactly("two_factor_on");
    assertThat(queued.get(0).recipient()).isEqualTo("Kate@Example.org");
  }

  @Test
  void whereNoMailIsSentNothingIsQueued() {
    User kate = services.users().addUser("kate@example.org", "hash");

    new Notices(outbox, AuthSettings.DEVELOPMENT, services.clock())
        .queue(Notice.ACCOUNT_DELETED, kate);

    assertThat(PendingMail.count(services.database())).isZero();
  }
}
