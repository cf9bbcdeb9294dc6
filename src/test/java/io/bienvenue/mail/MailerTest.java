package io.bienvenue.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.testing.MutableClock;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mailer against a real SMTP server in-process (GreenMail), and against no server at all. */
class MailerTest {

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(
          new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  private static final String SENDER = "Bienvenue <no-reply@bienvenue.test>";

  private final MutableClock clock = MutableClock.startingNow();

  @Test
  void aMailArrivesWithItsSenderRecipientSubjectAndUtf8Text() throws Exception {
    Mailer mailer = new Mailer(settings(greenMailPort(), TlsMode.NONE), clock);
    String subject = "Réinitialisez votre mot de passe ✉";
    String text = "Bonjour Zoé,\nvoici votre lien 🔑 : https://bienvenue.test/reset?t=abc";

    mailer.send(new MailMessage("bob@example.org", subject, text));

    assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    InternetAddress from = (InternetAddress) mail.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("no-reply@bienvenue.test");
    assertThat(from.getPersonal()).isEqualTo("Bienvenue");
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(address -> ((InternetAddress) address).getAddress())
        .containsExactly("bob@example.org");
    assertThat(mail.getSubject()).isEqualTo(subject);
    assertThat(mail.getContentType()).startsWith("text/plain").containsIgnoringCase("UTF-8");
    assertThat(((String) mail.getContent()).replace("\r\n", "\n")).isEqualTo(text);
    assertThat(mail.getSentDate()).isEqualTo(Date.from(clock.instant()));
  }

  @Test
  void aMailerWithCredentialsLogsIn() {
    greenMail.setUser("mailer@bienvenue.test", "mailer", "right-password");
    Mailer mailer =
        new Mailer(
            settings(greenMailPort(), TlsMode.NONE, "mailer", Optional.of("right-password")),
            clock);

    mailer.send(new MailMessage("bob@example.org", "Hello", "Hi Bob"));

    assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
  }

  @Test
  void aRefusedLoginFailsWithoutRevealingThePassword() {
    greenMail.setUser("mailer@bienvenue.test", "mailer", "right-password");
    Mailer mailer =
        new Mailer(
            settings(greenMailPort(), TlsMode.NONE, "mailer", Optional.of("wrong-9f8e7d")), clock);

    assertThatThrownBy(() -> mailer.send(new MailMessage("bob@example.org", "Hello", "Hi Bob")))
        .isInstanceOf(MailException.class)
        .hasMessageContaining("127.0.0.1:" + greenMailPort())
        .hasMessageContaining("535")
        .satisfies(e -> assertThat(messagesOf(e)).noneMatch(m -> m.contains("wrong-9f8e7d")));
    assertThatThrownBy(mailer::checkReachable)
        .isInstanceOf(MailException.class)
        .hasMessageContaining("535")
        .satisfies(e -> assertThat(messagesOf(e)).noneMatch(m -> m.contains("wrong-9f8e7d")));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void startTlsRequiredRefusesToSendInClearToAServerWithoutStartTls() {
    Mailer mailer = new Mailer(settings(greenMailPort(), TlsMode.STARTTLS_REQUIRED), clock);

    assertThatThrownBy(() -> mailer.send(new MailMessage("bob@example.org", "Hello", "secret")))
        .isInstanceOf(MailException.class)
        .hasMessageContaining("127.0.0.1:" + greenMailPort())
        .hasMessageContaining("STARTTLS");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bob@",
        "a@b@c",
        "a@[127.0.0.1]",
        "<attacker@evil.test>@example.org",
        "\"<attacker@evil.test>\"@example.org",
        "Name <a@b.org>",
        "a@b.org (comment)",
        "a@b.org, c@d.org",
        "\u212Aate@example.org",
        "\u00e9@\u00fc.de"
      })
  void aRecipientOutsideTheAddressGrammarIsRefusedForGoodAndNothingIsSent(String to) {
    Mailer mailer = new Mailer(settings(greenMailPort(), TlsMode.NONE), clock);

    assertThatThrownBy(() -> mailer.send(new MailMessage(to, "Hello", "Hi")))
        .isInstanceOfSatisfying(MailException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessage("the recipient is not an address this service sends to");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void checkReachableSucceedsAgainstALiveServer() {
    Mailer mailer = new Mailer(settings(greenMailPort(), TlsMode.NONE), clock);

    assertThatCode(mailer::checkReachable).doesNotThrowAnyException();
  }

  @Test
  void checkReachableFailsWithOneLineNamingTheServerWhenNothingListens() throws IOException {
    int port = freePort();
    Mailer mailer =
        new Mailer(settings(port, TlsMode.NONE, "mailer", Optional.of("hunter2-secret")), clock);

    assertThatThrownBy(mailer::checkReachable)
        .isInstanceOf(MailException.class)
        .hasMessageStartingWith("cannot reach the SMTP server 127.0.0.1:" + port + ": ")
        .hasMessageContaining("Connection refused")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("hunter2-secret");
  }

  @Test
  void smtpSettingsPrintEverythingButThePassword() {
    SmtpSettings settings =
        settings(587, TlsMode.STARTTLS_REQUIRED, "mailer", Optional.of("hunter2-secret"));

    assertThat(settings.toString())
        .contains("127.0.0.1", "587", "mailer", "STARTTLS_REQUIRED", "password=***")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void smtpSettingsRefuseToSendAPasswordInClearBeyondThisMachine() {
    assertThatThrownBy(
            () ->
                new SmtpSettings(
                    "192.0.2.10",
                    25,
                    Optional.of("mailer"),
                    Optional.of("hunter2-secret"),
                    "noreply@example.org",
                    TlsMode.NONE,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in clear")
        .hasMessageNotContaining("hunter2-secret");
    assertThat(settings(25, TlsMode.NONE, "mailer", Optional.of("pw")).host())
        .as("a relay on this machine may take a login over plain SMTP")
        .isEqualTo("127.0.0.1");
  }

  @Test
  void smtpSettingsRefuseAUsernameWithoutAPasswordAndABadSender() {
    assertThatThrownBy(() -> settings(587, TlsMode.SMTPS, "mailer", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("username and password");
    assertThatThrownBy(
            () ->
                new SmtpSettings(
                    "127.0.0.1",
                    587,
                    Optional.empty(),
                    Optional.empty(),
                    "not an address <",
                    TlsMode.SMTPS,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sender");
  }

  private static int greenMailPort() {
    return greenMail.getSmtp().getPort();
  }

  static SmtpSettings settings(int port, TlsMode tlsMode) {
    return new SmtpSettings(
        "127.0.0.1",
        port,
        Optional.empty(),
        Optional.empty(),
        SENDER,
        tlsMode,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  private static SmtpSettings settings(
      int port, TlsMode tlsMode, String username, Optional<String> password) {
    return new SmtpSettings(
        "127.0.0.1",
        port,
        Optional.of(username),
        password,
        SENDER,
        tlsMode,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /** A port nothing listens on: bound by the system, then released. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The messages of {@code error}, its causes and their suppressed exceptions. */
  private static List<String> messagesOf(Throwable error) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
      for (Throwable suppressed : t.getSuppressed()) {
        messages.addAll(messagesOf(suppressed));
      }
    }
    return messages;
  }
}
