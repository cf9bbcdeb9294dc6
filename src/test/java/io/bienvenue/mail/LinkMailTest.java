package io.bienvenue.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.AdminUsers;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.store.OutboxMessage;
import io.bienvenue.testing.AuthFixture;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reset and verification mails, word for word, rendered over a real SQLite file. */
class LinkMailTest {

  private static final URI PUBLIC_URL = URI.create("https://auth.example.org/");
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)\n");

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  @Test
  void theResetMailCarriesTheLinkAndTheTokenWithItsLifetime() {
    services.users().addUser("ada@example.org", "hash");

    MailMessage mail =
        LinkMail.passwordReset(services.links(), PUBLIC_URL)
            .render(message(MailLinks.PASSWORD_RESET_MAIL, "ada@example.org"))
            .orElseThrow();

    String token = tokenOf(mail);
    assertThat(mail.subject()).isEqualTo("Reset your password");
    assertThat(mail.text())
        .isEqualTo(
            "Someone, probably you, asked to reset the password of your account at"
                + " https://auth.example.org.\n\n"
                + "To choose a new password, open this link within 15 minutes:\n\n"
                + "https://auth.example.org/ui/reset#email=ada%40example.org&token="
                + token
                + "\n\n"
                + "API clients: send PUT /reset_password with this email, the new_password and\n"
                + "reset_token="
                + token
                + "\n\n"
                + "If you did not ask for this, ignore this mail: your password stays as it is.\n");
  }

  @Test
  void theVerificationMailCarriesTheLinkAndTheTokenWithItsLifetimeInHours() {
    services.users().addUser("bob@example.org", "hash", false);

    MailMessage mail =
        LinkMail.verification(services.links(), PUBLIC_URL)
            .render(message(MailLinks.EMAIL_VERIFICATION_MAIL, "bob@example.org"))
            .orElseThrow();

    String token = tokenOf(mail);
    assertThat(mail.subject()).isEqualTo("Confirm your email address");
    assertThat(mail.text())
        .isEqualTo(
            "Someone, probably you, created an account at https://auth.example.org with this"
                + " email address.\n\n"
                + "To confirm that the address is yours, open this link within 24 hours:\n\n"
                + "https://auth.example.org/ui/verify#email=bob%40example.org&token="
                + token
                + "\n\n"
                + "API clients: send POST /verify_email with this email and\n"
                + "token="
                + token
                + "\n\n"
                + "If you did not create this account, ignore this mail: it cannot be used until"
                + " the\naddress is confirmed.\n");
  }

  @Test
  void mailsForNobodyOrAnAlreadyVerifiedEmailRenderNothing() {
    services.users().addUser("verified@example.org", "hash");

    assertThat(
            LinkMail.passwordReset(services.links(), PUBLIC_URL)
                .render(message(MailLinks.PASSWORD_RESET_MAIL, "nobody@example.org")))
        .isEmpty();
    assertThat(
            LinkMail.verification(services.links(), PUBLIC_URL)
                .render(message(MailLinks.EMAIL_VERIFICATION_MAIL, "nobody@example.org")))
        .isEmpty();
    assertThat(
            LinkMail.verification(services.links(), PUBLIC_URL)
                .render(message(MailLinks.EMAIL_VERIFICATION_MAIL, "verified@example.org")))
        .isEmpty();
  }

  @Test
  void bothLinkMailsGoToTheStoredAddressWhateverTheRowsSpelling() {
    services.users().addUser("ada@example.org", "hash", false);

    MailMessage reset =
        LinkMail.passwordReset(services.links(), PUBLIC_URL)
            .render(message(MailLinks.PASSWORD_RESET_MAIL, "ADA@Example.ORG"))
            .orElseThrow();
    MailMessage verification =
        LinkMail.verification(services.links(), PUBLIC_URL)
            .render(message(MailLinks.EMAIL_VERIFICATION_MAIL, "Ada@example.org"))
            .orElseThrow();

    for (MailMessage mail : java.util.List.of(reset, verification)) {
      assertThat(mail.to()).isEqualTo("ada@example.org");
      assertThat(mail.text()).contains("#email=ada%40example.org&token=").doesNotContain("ADA");
    }
  }

  @Test
  void aRowThatIsNoValidAddressRendersNothing() {
    services.users().addUser("ada@example.org", "hash", false);

    assertThat(
            LinkMail.passwordReset(services.links(), PUBLIC_URL)
                .render(message(MailLinks.PASSWORD_RESET_MAIL, "<x@evil.test>ada@example.org")))
        .isEmpty();
  }

  @Test
  void aResetMailQueuedWithAReturnToCarriesItInTheLinksQueryAndTheSecretInTheFragment() {
    services.users().addUser("ada@example.org", "hash");
    long id =
        services
            .stores()
            .outbox()
            .enqueue(
                MailLinks.PASSWORD_RESET_MAIL,
                "ada@example.org",
                Optional.of("https://app.example.com/after?tab=2&x=y"),
                services.clock().instant())
            .id();
    OutboxMessage queued = services.stores().outbox().find(id).orElseThrow();

    MailMessage mail =
        LinkMail.passwordReset(services.links(), PUBLIC_URL).render(queued).orElseThrow();

    assertThat(mail.text())
        .contains(
            "https://auth.example.org/ui/reset"
                + "?return_to=https%3A%2F%2Fapp.example.com%2Fafter%3Ftab%3D2%26x%3Dy"
                + "#email=ada%40example.org&token="
                + tokenOf(mail)
                + "\n");
  }

  @Test
  void aResetMailQueuedWithoutAReturnToHasNoQueryInItsLink() {
    services.users().addUser("ada@example.org", "hash");
    long id =
        services
            .stores()
            .outbox()
            .enqueue(MailLinks.PASSWORD_RESET_MAIL, "ada@example.org", services.clock().instant())
            .id();
    OutboxMessage queued = services.stores().outbox().find(id).orElseThrow();

    MailMessage mail =
        LinkMail.passwordReset(services.links(), PUBLIC_URL).render(queued).orElseThrow();

    assertThat(queued.returnTo()).isEmpty();
    assertThat(mail.text())
        .contains("https://auth.example.org/ui/reset#email=ada%40example.org&token=")
        .doesNotContain("return_to")
        .doesNotContain("?");
  }

  @Test
  void aVerificationMailWithAReturnToCarriesItToo() {
    services.users().addUser("bob@example.org", "hash", false);

    MailMessage mail =
        LinkMail.verification(services.links(), PUBLIC_URL)
            .render(
                message(
                    MailLinks.EMAIL_VERIFICATION_MAIL,
                    "bob@example.org",
                    Optional.of("/ui/profile")))
            .orElseThrow();

    assertThat(mail.text())
        .contains(
            "https://auth.example.org/ui/verify?return_to=%2Fui%2Fprofile#email=bob%40example.org");
  }

  @Test
  void theInvitationCarriesAResetLinkThatChoosesTheFirstPassword() {
    services.users().addUser("grace@example.org", "hash");

    MailMessage mail =
        LinkMail.invitation(services.links(), PUBLIC_URL)
            .render(message(AdminUsers.INVITATION_MAIL, "grace@example.org"))
            .orElseThrow();

    String token = tokenOf(mail);
    assertThat(mail.to()).isEqualTo("grace@example.org");
    assertThat(mail.subject()).isEqualTo("You are invited: choose your password");
    assertThat(mail.text())
        .isEqualTo(
            "An account was made for you at https://auth.example.org, with this email address.\n\n"
                + "To choose your password and start using it, open this link within 24 hours:\n\n"
                + "https://auth.example.org/ui/reset#email=grace%40example.org&token="
                + token
                + "\n\n"
                + "API clients: send PUT /reset_password with this email, the new_password and\n"
                + "reset_token="
                + token
                + "\n\n"
                + "If you did not expect this, ignore this mail: nobody can log in to the account"
                + " until a\npassword is chosen with this link.\n");
    services.auth().updatePassword("grace@example.org", token, "chosen-password");
    assertThat(services.auth().validLogin("grace@example.org", "chosen-password")).isTrue();
    assertThat(
            LinkMail.invitation(services.links(), PUBLIC_URL)
                .render(message(AdminUsers.INVITATION_MAIL, "nobody@example.org")))
        .isEmpty();
  }

  private OutboxMessage message(String kind, String recipient) {
    return message(kind, recipient, Optional.empty());
  }

  private OutboxMessage message(String kind, String recipient, Optional<String> returnTo) {
    return new OutboxMessage(
        1,
        kind,
        recipient,
        returnTo,
        services.clock().instant(),
        services.clock().instant(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static String tokenOf(MailMessage mail) {
    Matcher matcher = TOKEN.matcher(mail.text());
    assertThat(matcher.find()).as("a token in:\n%s", mail.text()).isTrue();
    return matcher.group(1);
  }
}
