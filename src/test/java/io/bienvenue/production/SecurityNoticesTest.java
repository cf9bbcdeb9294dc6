package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.MutableClock;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security notices by mail in production (issue 22, ASVS 2.2.3 and 2.5.5): a reset password and a
 * deleted account are told to the stored address, and a notice already committed is still sent when
 * the account is deleted right after; only link mails, whose token could go to no one now, are
 * dropped.
 */
class SecurityNoticesTest {

  private static final String EMAIL = "kate@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("reset_token=([A-Za-z0-9_-]{43})");

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private ProductionMail service;
  private ApiClient api;

  @BeforeEach
  void start() {
    service = new ProductionMail(folder, clock, false);
    api = service.api;
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void aPasswordResetWithTheMailedTokenSendsANoticeToTheStoredAddress() throws Exception {
    assertThat(api.postForm("/reset_password", Map.of("email", "KATE@example.org")).status())
        .isEqualTo(200);
    Matcher token = TOKEN.matcher(GreenMailUtil.getBody(service.awaitMails(1).get(0)));
    assertThat(token.find()).isTrue();

    Reply reset =
        api.sendForm(
            "PUT",
            "/reset_password",
            Map.of(
                "email", "Kate@Example.org",
                "reset_token", token.group(1),
                "new_password", "a brand new passphrase"));

    assertThat(reset.status()).isEqualTo(200);
    MimeMessage notice = service.awaitMails(2).get(1);
    assertThat(notice.getSubject()).isEqualTo("Your password was reset");
    assertThat(notice.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
    assertThat(GreenMailUtil.getBody(notice))
        .contains("https://auth.example.org/ui/reset")
        .doesNotContain(token.group(1))
        .doesNotContain("a brand new passphrase");
  }

  @Test
  void aDeletedAccountIsToldAndANoticeCommittedJustBeforeIsStillSent() throws Exception {
    String session = login();
    // The SMTP server is down, so every mail below is still pending when the account goes.
    service.stopSmtp();
    assertThat(api.postForm("/reset_password", Map.of("email", EMAIL)).status()).isEqualTo(200);
    Reply changed =
        api.sendForm(
            "PUT",
            "/profile/password",
            Map.of("current_password", PASSWORD, "new_password", "another long passphrase"),
            ApiClient.hostSession(session));
    assertThat(changed.status()).isEqualTo(200);

    Reply deleted =
        api.sendForm(
            "DELETE",
            "/profile",
            Map.of("password", "another long passphrase"),
            ApiClient.hostSession(session));

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(service.pendingKinds()).containsExactly("password_changed", "account_deleted");
    service.restartSmtp();
    clock.advance(Duration.ofHours(1));
    List<MimeMessage> mails = service.awaitMails(2);
    service.assertNoMoreThan(2);
    assertThat(mails)
        .extracting(MimeMessage::getSubject)
        .containsExactlyInAnyOrder("Your password was changed", "Your account was deleted");
    assertThat(service.recipients()).containsOnly(EMAIL);
    MimeMessage gone =
        mails.stream()
            .filter(m -> subject(m).equals("Your account was deleted"))
            .findFirst()
            .orElseThrow();
    assertThat(GreenMailUtil.getBody(gone)).contains("https://auth.example.org");
  }

  @Test
  void turningTwoStepLoginOnAndOffSendsANoticeEachTimeToTheStoredAddress() throws Exception {
    String[] cookie = ApiClient.hostSession(login());
    String secret =
        api.postForm("/profile/totp", Map.of("password", PASSWORD), cookie)
            .json()
            .path("secret")
            .asText();
    Reply on =
        api.sendForm(
            "PUT",
            "/profile/totp",
            Map.of("code", Authenticator.code(secret, clock.instant())),
            cookie);
    assertThat(on.status()).isEqualTo(200);
    MimeMessage first = service.awaitMails(1).get(0);
    clock.advance(Duration.ofSeconds(30));

    Reply off =
        api.sendForm(
            "DELETE",
            "/profile/totp",
            Map.of("password", PASSWORD, "code", Authenticator.code(secret, clock.instant())),
            cookie);

    assertThat(off.status()).isEqualTo(200);
    MimeMessage second = service.awaitMails(2).get(1);
    assertThat(List.of(first.getSubject(), second.getSubject()))
        .containsExactly("Two-step login was turned on", "Two-step login was turned off");
    assertThat(service.recipients()).containsOnly(EMAIL);
    assertThat(GreenMailUtil.getBody(first)).doesNotContain(secret);
  }

  private String login() {
    Reply login = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.sessionId();
  }

  private static String subject(MimeMessage mail) {
    try {
      return mail.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
