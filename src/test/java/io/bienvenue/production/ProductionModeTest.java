package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.Bienvenue;
import io.bienvenue.config.Config;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production mode end to end: the password policy, reset tokens by e-mail through a real SMTP
 * server in-process (GreenMail), Secure cookies, and the refusals to start.
 */
class ProductionModeTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("reset_token=([A-Za-z0-9_-]{43})");
  private static final Pattern VERIFY_LINK =
      Pattern.compile(
          "https://auth\\.example\\.org/ui/verify#email=ada%40example\\.org&token=([A-Za-z0-9_-]{43})");

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private int smtpPort;
  private GreenMail smtp;
  private RunningService running;
  private ApiClient api;

  @BeforeEach
  void start() throws IOException {
    smtpPort = freePort();
    smtp = startSmtp(smtpPort);
    running = new RunningService(production(smtpPort), clock);
    api = running.client;
  }

  @AfterEach
  void stop() {
    running.close();
    smtp.stop();
  }

  @Test
  void aResetTokenTravelsByMailAndWorksOnce() throws Exception {
    register(EMAIL, PASSWORD);
    String token = token(requestResetAndReadMail());

    Reply updated = updatePassword(token, "a brand new passphrase");
    Reply replayed = updatePassword(token, "yet another passphrase");

    assertThat(updated.status()).isEqualTo(200);
    assertThat(replayed.status()).isEqualTo(403);
    assertThat(login(EMAIL, "a brand new passphrase").status()).isEqualTo(200);
    assertThat(login(EMAIL, PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void theResetAnswerIsTheSameForUnknownEmailsAndNeverHoldsTheToken() throws Exception {
    register(EMAIL, PASSWORD);

    Reply known = api.postForm("/reset_password", Map.of("email", EMAIL));
    Reply unknown = api.postForm("/reset_password", Map.of("email", "nobody@example.org"));

    assertThat(known.status()).isEqualTo(200);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(known.body()).doesNotContainKey("reset_token").containsKey("message");
    assertThat(unknown.body().get("message")).isEqualTo(known.body().get("message"));
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    assertThat(smtp.waitForIncomingEmail(2_000, 2)).as("no mail to the unknown address").isFalse();
    assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(EMAIL);
  }

  @Test
  void theMailLinksToThePublicUrlWithTheTokenInTheFragment() throws Exception {
    register(EMAIL, PASSWORD);

    String body = GreenMailUtil.getBody(requestResetAndReadMail());

    assertThat(body).contains("https://auth.example.org/ui/reset#email=ada%40example.org&token=");
  }

  @Test
  void aMailOutageLosesNoResetMail() throws Exception {
    register(EMAIL, PASSWORD);
    smtp.stop();

    Reply reply = api.postForm("/reset_password", Map.of("email", EMAIL));
    assertThat(reply.status()).isEqualTo(200);
    awaitAFailedAttempt();
    smtp = startSmtp(smtpPort);
    clock.advance(Duration.ofMinutes(1));

    assertThat(smtp.waitForIncomingEmail(15_000, 1)).isTrue();
    assertThat(
            updatePassword(token(smtp.getReceivedMessages()[0]), "passphrase after outage")
                .status())
        .isEqualTo(200);
  }

  @Test
  void aPasswordChangeMeetsThePolicyAndSendsANoticeByMail() throws Exception {
    register(EMAIL, PASSWORD);
    String session = login(EMAIL, PASSWORD).sessionId();
    String newPassword = "another quite long passphrase";

    Reply refused = changePassword(session, PASSWORD, "password");
    Reply changed = changePassword(session, PASSWORD, newPassword);

    assertThat(message(refused)).contains("at least 15 characters");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the notice arrives").isTrue();
    MimeMessage notice = smtp.getReceivedMessages()[0];
    assertThat(notice.getSubject()).isEqualTo("Your password was changed");
    assertThat(notice.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
    assertThat(GreenMailUtil.getBody(notice))
        .contains("https://auth.example.org/ui/reset")
        .doesNotContain(newPassword)
        .doesNotContain(session);
    assertThat(login(EMAIL, newPassword).status()).isEqualTo(200);
  }

  @Test
  void withVerificationRequiredTheMailedLinkVerifiesOnceAndThenTheLoginWorks() throws Exception {
    try (RunningService verifying = new RunningService(requiringVerification(), clock)) {
      ApiClient client = verifying.client;
      Map<String, String> credentials = Map.of("email", EMAIL, "password", PASSWORD);

      Reply created = client.postForm("/users", credentials);
      assertThat(created.status()).isEqualTo(200);
      assertThat(created.body()).isEqualTo(Map.of("email", EMAIL, "message", "user created"));
      assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the verification mail").isTrue();
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getSubject()).isEqualTo("Confirm your email address");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
      Matcher link = VERIFY_LINK.matcher(GreenMailUtil.getBody(mail));
      assertThat(link.find()).as("a link to the verify page in the mail").isTrue();
      Map<String, String> verify = Map.of("email", EMAIL, "token", link.group(1));

      Reply before = client.postForm("/sessions", credentials);
      Reply verified = client.postForm("/verify_email", verify);
      Reply after = client.postForm("/sessions", credentials);
      Reply again = client.postForm("/verify_email", verify);

      assertThat(before.status()).isEqualTo(403);
      assertThat(before.body()).isEqualTo(Map.of("message", "email not verified"));
      assertThat(before.headers("Set-Cookie")).isEmpty();
      assertThat(verified.body()).isEqualTo(Map.of("email", EMAIL, "message", "email verified"));
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.sessionId()).isNotBlank();
      assertThat(again.status()).isEqualTo(403);
    }
  }

  @Test
  void aResendMailsANewLinkThatVoidsTheOldOneAndNothingToAVerifiedOrUnknownEmail()
      throws Exception {
    try (RunningService verifying = new RunningService(requiringVerification(), clock)) {
      ApiClient client = verifying.client;
      client.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
      assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
      String first = verificationToken(smtp.getReceivedMessages()[0]);

      assertThat(client.postForm("/verify_email/resend", Map.of("email", EMAIL)).status())
          .isEqualTo(200);
      assertThat(smtp.waitForIncomingEmail(10_000, 2)).as("a second link").isTrue();
      String second = verificationToken(smtp.getReceivedMessages()[1]);
      Reply old = client.postForm("/verify_email", Map.of("email", EMAIL, "token", first));
      Reply fresh = client.postForm("/verify_email", Map.of("email", EMAIL, "token", second));
      client.postForm("/verify_email/resend", Map.of("email", EMAIL));
      client.postForm("/verify_email/resend", Map.of("email", "nobody@example.org"));

      assertThat(old.status()).isEqualTo(403);
      assertThat(fresh.status()).isEqualTo(200);
      assertThat(smtp.waitForIncomingEmail(2_000, 3)).as("no mail once verified").isFalse();
    }
  }

  @Test
  void thePasswordPolicySaysWhyAPasswordIsRefused() {
    assertThat(message(register("a@example.org", "short one"))).contains("at least 15 characters");
    assertThat(message(register("b@example.org", "qwertyuiop12345"))).contains("too common");
    assertThat(message(register("longname.example@example.org", "longname.example@example.org")))
        .contains("email");
    assertThat(register("c@example.org", "é".repeat(64)).status()).isEqualTo(200);
    assertThat(register("d@example.org", "x".repeat(14)).status()).isEqualTo(400);
  }

  @Test
  void theNewPasswordOfAResetMeetsThePolicyToo() throws Exception {
    register(EMAIL, PASSWORD);
    String token = token(requestResetAndReadMail());

    assertThat(updatePassword(token, "short").status()).isEqualTo(400);
    assertThat(updatePassword(token, "a good long passphrase").status()).isEqualTo(200);
  }

  @Test
  void theSessionCookieIsSecure() {
    register(EMAIL, PASSWORD);

    assertThat(login(EMAIL, PASSWORD).sessionCookieHeader()).contains("Secure");
  }

  @Test
  void itRefusesToStartWhenTheSmtpServerIsUnreachable() throws IOException {
    int closed = freePort();
    Config config =
        ConfigBuilder.from(production(closed))
            .database(folder.resolve("other.db").toString())
            .build();

    assertThatThrownBy(() -> Bienvenue.start(config, clock))
        .hasMessageContaining("127.0.0.1:" + closed);
  }

  @Test
  void productionRefusesACostUnderTenAndAPlainHttpPublicUrl() {
    Config production = production(smtpPort);
    ProductionSettings settings = production.production().orElseThrow();

    assertThatThrownBy(() -> ConfigBuilder.from(production).bcryptCost(9).build())
        .hasMessage(
            "--production needs --bcrypt-cost 10 or more (OWASP's minimum for bcrypt), not 9");
    assertThatThrownBy(
            () ->
                new ProductionSettings(URI.create("http://auth.example.org"), settings.smtp(), 15))
        .hasMessageStartingWith("--public-url must be https in production");
    assertThat(
            new ProductionSettings(URI.create("http://127.0.0.1:5000"), settings.smtp(), 15)
                .publicUrl())
        .hasHost("127.0.0.1");
    assertThat(ConfigBuilder.from(Config.DEFAULTS).bcryptCost(4).build().bcryptCost()).isEqualTo(4);
  }

  @Test
  void developmentModeRefusesToListenBeyondLoopback() {
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).host("0.0.0.0").build())
        .hasMessageContaining("--production");
    assertThat(ConfigBuilder.from(production(smtpPort)).host("0.0.0.0").build().host())
        .isEqualTo("0.0.0.0");
  }

  private Config production(int port) {
    return ProductionConfigs.of(folder.resolve("production.db"), port);
  }

  /** The production configuration with verified emails required, on a database of its own. */
  private Config requiringVerification() {
    return ProductionConfigs.requiringVerification(
        ConfigBuilder.from(production(smtpPort))
            .database(folder.resolve("verify.db").toString())
            .build());
  }

  private static String verificationToken(MimeMessage mail) {
    Matcher link = VERIFY_LINK.matcher(GreenMailUtil.getBody(mail));
    assertThat(link.find()).as("a link to the verify page in the mail").isTrue();
    return link.group(1);
  }

  /** Waits, ten seconds at most, until the dispatcher has tried and failed to send a mail. */
  private void awaitAFailedAttempt() throws InterruptedException {
    try (Database database = Database.open(folder.resolve("production.db").toString(), 1)) {
      for (int i = 0; i < 100; i++) {
        int attempts =
            database
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT coalesce(max(attempts), 0) FROM outbox")
                            .mapTo(Integer.class)
                            .one());
        if (attempts > 0) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the dispatcher never tried to send the mail");
  }

  private MimeMessage requestResetAndReadMail() {
    assertThat(api.postForm("/reset_password", Map.of("email", EMAIL)).status()).isEqualTo(200);
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the reset mail arrives").isTrue();
    return smtp.getReceivedMessages()[0];
  }

  private static String token(MimeMessage mail) {
    Matcher m = TOKEN.matcher(GreenMailUtil.getBody(mail));
    assertThat(m.find()).as("a token in the mail").isTrue();
    return m.group(1);
  }

  private Reply register(String email, String password) {
    return api.postForm("/users", Map.of("email", email, "password", password));
  }

  private Reply login(String email, String password) {
    return api.postForm("/sessions", Map.of("email", email, "password", password));
  }

  private Reply changePassword(String session, String current, String next) {
    return api.sendForm(
        "PUT",
        "/profile/password",
        Map.of("current_password", current, "new_password", next),
        ApiClient.hostSession(session));
  }

  private Reply updatePassword(String token, String password) {
    return api.sendForm(
        "PUT",
        "/reset_password",
        Map.of("email", EMAIL, "reset_token", token, "new_password", password));
  }

  private static String message(Reply reply) {
    assertThat(reply.status()).isEqualTo(400);
    return reply.body().get("message").toString();
  }

  private static GreenMail startSmtp(int port) {
    GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
