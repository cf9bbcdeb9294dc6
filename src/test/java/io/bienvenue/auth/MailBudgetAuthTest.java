package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.testing.ProductionConfigs;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mail budget through {@link Auth}: registration mail counts like resends and resets, per
 * mailbox ({@code +tag} forms included), per address, and in all (issue 22, ASVS 11.1.4).
 */
class MailBudgetAuthTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final MailLimits LIMITS = new MailLimits(2, 100, 4, Duration.ofHours(1));

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private OutboxStore outbox;
  private Auth auth;

  @BeforeEach
  void start() {
    outbox = services.stores().outbox();
    auth =
        services.auth(
            ProductionConfigs.authSettings(
                new EmailVerification(true, Duration.ofHours(24)), LIMITS));
  }

  @Test
  void theTagFormsOfOneMailboxShareItsLimitAndARefusedRegistrationAddsNoUser() {
    auth.registerUser("victim+1@example.net", PASSWORD, "203.0.113.1");
    auth.registerUser("VICTIM+2@example.net", PASSWORD, "203.0.113.2");

    assertThatThrownBy(() -> auth.registerUser("victim+3@example.net", PASSWORD, "203.0.113.3"))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThatThrownBy(() -> auth.requestPasswordReset("victim@example.net", "203.0.113.4"))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(services.users().findByEmail("victim+3@example.net")).isEmpty();
    assertThat(PendingMail.count(services.database())).isEqualTo(2);
  }

  @Test
  void theWholeServiceHasABudgetOverEveryMailboxAndAddress() {
    for (int i = 0; i < LIMITS.overall(); i++) {
      auth.requestVerificationLink("user" + i + "@example.org", "203.0.113." + i);
    }

    assertThatThrownBy(() -> auth.registerUser("fresh@example.org", PASSWORD, "198.51.100.1"))
        .isInstanceOf(TooManyAttemptsException.class)
        .hasMessageStartingWith("too many mails asked for");
    assertThat(PendingMail.count(services.database())).isEqualTo(LIMITS.overall());

    services.clock().advance(LIMITS.window());
    auth.registerUser("fresh@example.org", PASSWORD, "198.51.100.1");
    assertThat(PendingMail.count(services.database())).isEqualTo(LIMITS.overall() + 1);
  }

  @Test
  void withoutVerificationRegistrationSendsNoMailAndIsNotCounted() {
    Auth development =
        services.auth(
            new AuthSettings(
                Lifetimes.DEFAULTS,
                ThrottlePolicy.DEFAULTS,
                PasswordPolicy.development(),
                ResetDelivery.IN_RESPONSE,
                EmailVerification.OFF,
                LIMITS));
    for (int n = 1; n <= 5; n++) {
      development.registerUser("victim+" + n + "@example.net", "pw", "203.0.113.1");
    }

    assertThat(PendingMail.count(services.database())).isZero();
  }
}
