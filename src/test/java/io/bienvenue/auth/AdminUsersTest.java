package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.OutboxMessage;
import io.bienvenue.testing.AuthFixture;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AdminUsers}, what the admin API does to users: an invitation mailed in production in the
 * transaction of the new user, or its reset token returned in development; users found by public
 * id.
 */
class AdminUsersTest {

  private static final AuthSettings PRODUCTION =
      new AuthSettings(
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          PasswordPolicy.production(15),
          ResetDelivery.BY_EMAIL);

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private List<OutboxMessage> queued() {
    return services
        .stores()
        .outbox()
        .claimDue(services.clock().instant().plus(Duration.ofDays(1)), Duration.ofMinutes(1), 100);
  }

  @Test
  void inProductionAnInvitationIsQueuedForTheNewVerifiedUserAndNoTokenReturned() {
    AdminUsers admin = services.wire(PRODUCTION).adminUsers();

    AdminUsers.Invitation invitation = admin.invite("Grace@Example.org");

    assertThat(invitation.resetToken()).isEmpty();
    assertThat(invitation.user().user().emailVerified()).isTrue();
    assertThat(invitation.user().user().resetToken()).as("issued when the mail is sent").isEmpty();
    assertThat(queued())
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.kind()).isEqualTo(AdminUsers.INVITATION_MAIL);
              assertThat(mail.recipient()).isEqualTo("Grace@Example.org");
            });
  }

  @Test
  void inDevelopmentTheInvitationsResetTokenSetsThePassword() {
    AdminUsers admin = services.wire(AuthSettings.DEVELOPMENT).adminUsers();

    AdminUsers.Invitation invitation = admin.invite("grace@example.org");
    String token = invitation.resetToken().orElseThrow();
    assertThat(invitation.toString()).doesNotContain(token);
    assertThat(
            services.users().findByEmail("grace@example.org").orElseThrow().resetTokenExpiresAt())
        .as("an invitation lives as long as a verification link, not a reset's minutes")
        .contains(
            services.clock().instant().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS));

    assertThat(queued()).isEmpty();
    assertThat(services.auth().validLogin("grace@example.org", "chosen-password")).isFalse();
    services.auth().updatePassword("grace@example.org", token, "chosen-password");
    assertThat(services.auth().validLogin("grace@example.org", "chosen-password")).isTrue();
  }

  @Test
  void anInvitationForATakenOrInvalidEmailIsRefusedAndQueuesNothing() {
    AdminUsers admin = services.wire(PRODUCTION).adminUsers();
    admin.invite("grace@example.org");
    queued();

    assertThatThrownBy(() -> admin.invite("GRACE@example.org"))
        .isInstanceOf(EmailAlreadyRegisteredException.class);
    assertThatThrownBy(() -> admin.invite("not an email"))
        .isInstanceOf(InvalidFieldException.class);
    assertThat(queued()).isEmpty();
  }

  @Test
  void aUserIsFoundByPublicIdWithWhetherTwoStepLoginIsOn() {
    AdminUsers admin = services.wire(AuthSettings.DEVELOPMENT).adminUsers();
    ManagedUser created = admin.create("ada@example.org", "pwd");

    assertThat(admin.find(created.user().publicId())).contains(created);
    assertThat(admin.find("nobody")).isEmpty();
    assertThat(created.twoFactor()).isFalse();
    assertThat(admin.list("ADA", 1, 10).users()).containsExactly(created);
    assertThat(admin.list("ADA", 1, 10).total()).isEqualTo(1);
  }
}
