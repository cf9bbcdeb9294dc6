package io.bienvenue.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.Notice;
import io.bienvenue.store.OutboxMessage;
import io.bienvenue.testing.AuthFixture;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The links of every mail when a proxy mounts the service under a path: the public URL {@code
 * https://app.example.com/auth}, with or without its trailing slash, leads to the pages under
 * {@code /auth}, never to the proxy's root.
 */
class MountedLinksTest {

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  @ParameterizedTest
  @ValueSource(strings = {"https://app.example.com/auth", "https://app.example.com/auth/"})
  void theResetAndVerificationLinksAreUnderThePublicUrlsPath(String publicUrl) {
    services.users().addUser("ada@example.org", "hash", false);
    URI url = URI.create(publicUrl);

    String reset =
        LinkMail.passwordReset(services.links(), url)
            .render(message(MailLinks.PASSWORD_RESET_MAIL, "ada@example.org"))
            .orElseThrow()
            .text();
    String verification =
        LinkMail.verification(services.links(), url)
            .render(message(MailLinks.EMAIL_VERIFICATION_MAIL, "ada@example.org"))
            .orElseThrow()
            .text();

    assertThat(reset)
        .contains("your account at https://app.example.com/auth.\n")
        .contains("\nhttps://app.example.com/auth/ui/reset#email=ada%40example.org&token=")
        .doesNotContain("auth//")
        .doesNotContain("https://app.example.com/ui/");
    assertThat(verification)
        .contains("\nhttps://app.example.com/auth/ui/verify#email=ada%40example.org&token=")
        .doesNotContain("auth//")
        .doesNotContain("https://app.example.com/ui/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://app.example.com/auth", "https://app.example.com/auth/"})
  void theNoticesNameThePublicUrlWithItsPathAndLinkToTheResetPageUnderIt(String publicUrl) {
    NoticeMail notices = new NoticeMail(URI.create(publicUrl));

    for (Notice notice : Notice.values()) {
      String text = notices.render(message(notice.kind(), "kate@example.org")).orElseThrow().text();

      assertThat(text)
          .as(notice.name())
          .contains("at https://app.example.com/auth ")
          .doesNotContain("auth//")
          .doesNotContain("https://app.example.com/ui/");
      if (notice != Notice.ACCOUNT_DELETED) {
        assertThat(text).as(notice.name()).contains("https://app.example.com/auth/ui/reset");
      }
    }
  }

  private OutboxMessage message(String kind, String recipient) {
    return new OutboxMessage(
        1,
        kind,
        recipient,
        Optional.empty(),
        services.clock().instant(),
        services.clock().instant(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
