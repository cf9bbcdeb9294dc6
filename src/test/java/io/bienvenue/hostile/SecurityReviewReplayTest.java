package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.ServiceProcess;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The first security review (issue 21), replayed step by step as its attacker played it, against
 * {@code bienvenue serve} processes: one in development mode, one in production with {@code
 * --require-verified-email} mailing through a real SMTP server in-process (GreenMail). Each step
 * gets a clear refusal and leaves no account verified, locked or changed. The steps that need a
 * clock or a race to replay (lower-cost hash timing, a confirmation racing an enrolment) are
 * replayed where they can be, in {@code LoginTimingTest} and {@code TwoFactorTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityReviewReplayTest {

  /** The two modes the review attacked. */
  enum Mode {
    DEVELOPMENT,
    PRODUCTION
  }

  private static final String PASSWORD = "correct horse battery staple 9";
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");
  private static final Duration MAIL_WAIT = Duration.ofSeconds(15);
  private static final AtomicInteger CLIENTS = new AtomicInteger(1);

  @TempDir static Path folder;
  private static GreenMail smtp;
  private static final Map<Mode, ServiceProcess> SERVICES = new EnumMap<>(Mode.class);

  @BeforeAll
  static void startBothModes() throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    Map<String, String> common = Map.of("BIENVENUE_TRUSTED_PROXIES", "127.0.0.1");
    Map<String, String> production = new HashMap<>(common);
    production.putAll(
        Map.of(
            "BIENVENUE_PRODUCTION", "true",
            "BIENVENUE_BCRYPT_COST", "10",
            "BIENVENUE_REQUIRE_VERIFIED_EMAIL", "true",
            "BIENVENUE_PUBLIC_URL", "https://auth.example.org",
            "BIENVENUE_ALLOWED_HOSTS", "127.0.0.1",
            "BIENVENUE_SMTP_HOST", "127.0.0.1",
            "BIENVENUE_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
            "BIENVENUE_SMTP_TLS", "none",
            "BIENVENUE_MAIL_FROM", "Bienvenue <noreply@example.org>"));
    SERVICES.put(
        Mode.DEVELOPMENT,
        ServiceProcess.start("development", folder.resolve("dev.db").toString(), common));
    SERVICES.put(
        Mode.PRODUCTION,
        ServiceProcess.start("production", folder.resolve("prod.db").toString(), production));
    for (ServiceProcess service : SERVICES.values()) {
      service.awaitListening(Duration.ofSeconds(60));
    }
  }

  @AfterAll
  static void stopEverything() {
    SERVICES.values().forEach(ServiceProcess::close);
    if (smtp != null) {
      smtp.stop();
    }
  }

  /** 1: an address that hides another is no address, and no mail goes to the hidden one. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void anAddressHidingAnotherIsRefusedAndNothingIsMailedToTheHiddenOne(Mode mode) {
    ApiClient api = api(mode);
    for (String hiding :
        List.of(
            "<attacker@evil.test>@example.org",
            "\"attacker@evil.test\"@example.org",
            "Attacker <attacker@evil.test>",
            "attacker@evil.test,victim@example.org",
            "attacker@[127.0.0.1]")) {
      Reply refused = api.postForm("/users", Map.of("email", hiding, "password", PASSWORD));
      assertThat(refused.status()).as(hiding).isEqualTo(400);
      assertThat(refused.body().get("message").toString()).contains("email");
    }

    assertThat(mailsTo("attacker@evil.test")).isEmpty();
  }

  /** 1: a reset asked for under another spelling goes to the address stored, or is refused. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void aResetAskedUnderAnotherSpellingGoesOnlyToTheStoredAddress(Mode mode) throws Exception {
    String stored = address("kate", mode);
    signedIn(mode, stored);
    String kelvin = "\u212Aate" + stored.substring("kate".length());

    Reply unicode = api(mode).postForm("/reset_password", Map.of("email", kelvin));
    Reply ascii =
        api(mode).postForm("/reset_password", Map.of("email", stored.toUpperCase(Locale.ROOT)));

    assertThat(unicode.status()).as("the Kelvin sign is no ASCII letter").isEqualTo(400);
    assertThat(ascii.status()).isEqualTo(200);
    if (mode == Mode.PRODUCTION) {
      List<MimeMessage> mails = awaitMails(stored, 2); // the verification, then the reset
      assertThat(recipients(mails)).containsOnly(stored);
      assertThat(mails.get(1).getSubject()).isEqualTo("Reset your password");
    }
  }

  /** 2: sixty wrong passwords at once are sixty guesses no more: the limit holds. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void sixtyWrongPasswordsAtOnceGetTheLimitCheckedAndTheRestRefused(Mode mode) throws Exception {
    String email = address("burst", mode);
    String[] cookie = signedIn(mode, email);
    String[] client = client();

    String[] confirming = client();

    List<Integer> logins =
        Parallel.run(60, i -> logIn(mode, email, "wrong password", client).status());
    List<Integer> deletions =
        Parallel.run(
            60,
            i ->
                api(mode)
                    .sendForm(
                        "DELETE", "/profile", Map.of("password", "wrong"), with(cookie, confirming))
                    .status());

    assertThat(Collections.frequency(logins, 401)).isEqualTo(10);
    assertThat(Collections.frequency(logins, 429)).isEqualTo(50);
    assertThat(Collections.frequency(deletions, 403)).isEqualTo(10);
    assertThat(Collections.frequency(deletions, 429)).isEqualTo(50);
    assertThat(api(mode).get("/profile", cookie).status()).isEqualTo(200);
    assertThat(logIn(mode, email, PASSWORD, client()).status())
        .as("the owner, from elsewhere")
        .isEqualTo(200);
  }

  /** 3: a stolen session alone cannot turn two-step login on and lock the owner out. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void aStolenSessionCannotTurnOnTwoStepLogin(Mode mode) throws Exception {
    String email = address("owner", mode);
    String[] stolen = signedIn(mode, email);
    String[] thief = client();

    Reply start = api(mode).postForm("/profile/totp", Map.of(), with(stolen, thief));
    Reply guessed =
        api(mode).postForm("/profile/totp", Map.of("password", "guess"), with(stolen, thief));
    Reply confirmed =
        api(mode).sendForm("PUT", "/profile/totp", Map.of("code", "123456"), with(stolen, thief));

    assertThat(start.status()).isEqualTo(400);
    assertThat(guessed.status()).isEqualTo(403);
    assertThat(confirmed.status()).isEqualTo(409);
    assertThat(api(mode).get("/profile/totp", stolen).json().path("enabled").asBoolean()).isFalse();
    assertThat(logIn(mode, email, PASSWORD, client()).status()).isEqualTo(200);
  }

  /** 3 and 4: turning it on ends the thief's session; turning it off is no oracle for codes. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void theRightPasswordWithWrongCodesReachesTheLimitAndChangesNothing(Mode mode) throws Exception {
    String email = address("codes", mode);
    String[] stolen = signedIn(mode, email);
    String[] owner = session(mode, logIn(mode, email, PASSWORD, client()));
    String secret =
        api(mode)
            .postForm("/profile/totp", Map.of("password", PASSWORD), owner)
            .json()
            .path("secret")
            .asText();
    Reply on =
        api(mode)
            .sendForm(
                "PUT",
                "/profile/totp",
                Map.of("code", Authenticator.code(secret, Instant.now())),
                owner);
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.json().path("other_sessions_ended").asInt()).isEqualTo(1);
    assertThat(api(mode).get("/profile", stolen).status()).as("the thief's session").isEqualTo(403);
    String[] attacker = client();
    String wrong = codeOutsideTheWindow(secret);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      statuses.add(
          api(mode)
              .sendForm(
                  "DELETE",
                  "/profile/totp",
                  Map.of("password", PASSWORD, "code", wrong),
                  with(owner, attacker))
              .status());
    }

    assertThat(Collections.frequency(statuses, 401)).isEqualTo(10);
    assertThat(Collections.frequency(statuses, 429)).isEqualTo(15);
    assertThat(api(mode).get("/profile/totp", owner).json().path("enabled").asBoolean()).isTrue();
    if (mode == Mode.PRODUCTION) {
      assertThat(awaitMails(email, 2).get(1).getSubject())
          .as("the owner is told")
          .isEqualTo("Two-step login was turned on");
    }
  }

  /** 7: a method override, a body with text after its JSON, and a fresh IPv6 address. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void theSmallerPointsAreRefused(Mode mode) throws Exception {
    String email = address("small", mode);
    String[] cookie = signedIn(mode, email);

    Reply overridden =
        api(mode)
            .postForm(
                "/profile",
                Map.of("password", PASSWORD),
                with(cookie, new String[] {"X-HTTP-Method-Override", "DELETE"}));
    Reply trailing =
        api(mode)
            .sendJson(
                "POST",
                "/sessions",
                "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"} trailing");
    for (int i = 1; i <= 10; i++) {
      logIn(mode, email, "wrong", "X-Forwarded-For", "2001:db8:21:" + mode.ordinal() + "::" + i);
    }
    Reply sameNetwork =
        logIn(mode, email, PASSWORD, "X-Forwarded-For", "2001:db8:21:" + mode.ordinal() + ":f::1");

    assertThat(overridden.status()).isEqualTo(400);
    assertThat(api(mode).get("/profile", cookie).status())
        .as("the account is there")
        .isEqualTo(200);
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(trailing.headers("Set-Cookie")).isEmpty();
    assertThat(sameNetwork.status()).as("another address of the same /64").isEqualTo(429);
    assertThat(logIn(mode, email, PASSWORD, client()).status()).isEqualTo(200);
  }

  private static ApiClient api(Mode mode) {
    return SERVICES.get(mode).client();
  }

  /** A fresh address for {@code name} in {@code mode}, so the tests share no account. */
  private static String address(String name, Mode mode) {
    return name + "-" + mode.name().toLowerCase(Locale.ROOT) + "@example.org";
  }

  /** An {@code X-Forwarded-For} header of a client address no other step uses. */
  private static String[] client() {
    return new String[] {"X-Forwarded-For", "198.51.100." + CLIENTS.getAndIncrement()};
  }

  private static String[] with(String[] first, String[] second) {
    String[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static Reply logIn(Mode mode, String email, String password, String... headers) {
    return api(mode).postForm("/sessions", Map.of("email", email, "password", password), headers);
  }

  private static String[] session(Mode mode, Reply login) {
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    return login.sessionCookie();
  }

  /**
   * Registers {@code email}, verifies it with the mailed link in production, logs in, and returns
   * the session's cookie header.
   */
  private static String[] signedIn(Mode mode, String email) throws Exception {
    Reply registered =
        api(mode).postForm("/users", Map.of("email", email, "password", PASSWORD), client());
    assertThat(registered.status()).as(registered.raw().body()).isEqualTo(200);
    if (mode == Mode.PRODUCTION) {
      Matcher token = TOKEN.matcher(GreenMailUtil.getBody(awaitMails(email, 1).get(0)));
      assertThat(token.find()).isTrue();
      Reply verified =
          api(mode).postForm("/verify_email", Map.of("email", email, "token", token.group(1)));
      assertThat(verified.status()).isEqualTo(200);
    }
    return session(mode, logIn(mode, email, PASSWORD, client()));
  }

  /** A six-digit code that none of the steps around now accepts. */
  private static String codeOutsideTheWindow(String secret) {
    Instant now = Instant.now();
    List<String> window = new ArrayList<>();
    for (int step = -3; step <= 3; step++) {
      window.add(Authenticator.code(secret, now.plusSeconds(30L * step)));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      if (!window.contains(code)) {
        return code;
      }
    }
  }

  private static List<MimeMessage> awaitMails(String to, int count) throws InterruptedException {
    long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
    List<MimeMessage> mails = mailsTo(to);
    while (mails.size() < count && System.nanoTime() < deadline) {
      smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
      mails = mailsTo(to);
    }
    assertThat(mails).as("mails to %s", to).hasSizeGreaterThanOrEqualTo(count);
    return mails;
  }

  private static List<MimeMessage> mailsTo(String to) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(mail -> recipients(List.of(mail)).contains(to))
        .toList();
  }

  private static List<String> recipients(List<MimeMessage> mails) {
    List<String> all = new ArrayList<>();
    for (MimeMessage mail : mails) {
      try {
        for (Address address : mail.getAllRecipients()) {
          all.add(address.toString());
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return all;
  }
}
