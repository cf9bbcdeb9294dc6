package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.hostile.HostileCases.MailedRedirect;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Open redirects through the mail (OWASP ASVS 5.1.5): every {@link HostileCases#mailedRedirects}
 * value sent as the {@code return_to} of {@code POST /reset_password}, to a production service that
 * lets the pages return to {@link HostileCases#RETURN_TO_ORIGIN} only, is answered as any reset
 * request is, and the reset mail still goes, with no {@code return_to} in it and no word of the
 * attacker's host. The clock moves an hour before each request, so the mail limits never refuse
 * one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailedOpenRedirectTest {

  private static final String VICTIM = "victim@example.org";

  private final MutableClock clock = MutableClock.startingNow();
  @TempDir static Path folder;
  private GreenMail smtp;
  private RunningService service;
  private ApiClient api;
  private int mails;

  @BeforeAll
  void start() throws IOException {
    int smtpPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    service =
        new RunningService(
            ConfigBuilder.from(ProductionConfigs.of(folder.resolve("production.db"), smtpPort))
                .returnToOrigins(List.of(HostileCases.RETURN_TO_ORIGIN))
                .build(),
            clock);
    api = service.client;
    Map<String, String> account =
        Map.of("email", VICTIM, "password", "correct horse battery staple");
    assertThat(api.postForm("/users", account).status()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    service.close();
    smtp.stop();
  }

  List<MailedRedirect> cases() {
    return HostileCases.mailedRedirects();
  }

  @Test
  void thereAreAtLeastFiveCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void theAllowedOriginRidesInTheMail() throws Exception {
    String text = resetMail(new MailedRedirect("allowed", "https%3A%2F%2Fapp.example.com%2Fhome"));

    assertThat(text).contains("/ui/reset?return_to=https%3A%2F%2Fapp.example.com%2Fhome#email=");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void neverReachesTheMail(MailedRedirect hostile) throws Exception {
    String text = resetMail(hostile);

    assertThat(text).as("the mail for %s", hostile).contains("/ui/reset#email=");
    assertThat(text).doesNotContain("return_to");
    assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("evil");
  }

  /** Asks a reset mail for the victim with {@code redirect}'s field, and returns its text. */
  private String resetMail(MailedRedirect redirect) throws Exception {
    clock.advance(Duration.ofMinutes(61));
    ApiClient.Reply reply =
        api.send(
            "POST", "/reset_password", "application/x-www-form-urlencoded", redirect.body(VICTIM));
    assertThat(reply.status()).as("%s", reply.raw().body()).isEqualTo(200);
    mails++;
    assertThat(smtp.waitForIncomingEmail(10_000, mails)).as("the mail arrives").isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    return (String) received[received.length - 1].getContent();
  }
}
