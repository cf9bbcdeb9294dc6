package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.config.Config;
import io.bienvenue.store.Database;
import io.bienvenue.store.StoredWebhookEndpoint;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.SoftwarePasskey;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TotpOn;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login by a code sent by e-mail over HTTP, in production with the in-process GreenMail SMTP
 * server: {@code POST /sessions/email_code} and {@code POST /sessions/email_code/verify}. Run on
 * SQLite and on PostgreSQL.
 */
abstract class EmailCodeHttpContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "a long enough password";
  private static final String MAILED =
      "if this email is registered, a code to log in with has been sent to it";
  private static final Map<String, Object> WRONG_CODE =
      Map.of("message", "wrong or expired code: ask for a new one");
  private static final Pattern CODE = Pattern.compile("(?m)^(\\d{8})$");
  private static final Pattern LINK =
      Pattern.compile(
          "https://auth\\.example\\.org/ui/login#email=ada%40example\\.org&token=(\\d{8})");

  @TempDir Path folder;

  private final MutableClock clock = MutableClock.startingNow();
  private TestDatabase database;
  private GreenMail smtp;
  private RunningService running;
  private ApiClient api;

  private void start(UnaryOperator<Config> mode) {
    int port = freePort();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    database = newDatabase();
    Config config =
        ConfigBuilder.from(mode.apply(ProductionConfigs.of(folder.resolve("unused.db"), port)))
            .database(database.location())
            .build();
    running = new RunningService(config, clock);
    api = running.client;
  }

  private void start() {
    start(config -> config);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void theMailedCodeLogsInOnceAndIsInNoResponse() throws Exception {
    start();
    register();

    Reply asked = askCode(EMAIL);
    assertThat(asked.status()).isEqualTo(200);
    assertThat(asked.body()).isEqualTo(Map.of("email", EMAIL, "message", MAILED));
    MimeMessage mail = awaitMail(1);
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
    String code = codeIn(mail);
    assertThat(body(mail)).as("the link fills the same code in").contains(linkCode(mail));
    assertThat(linkCode(mail)).isEqualTo(code);
    assertThat(asked.raw().body()).doesNotContain(code);
    String stored = storedCodeHash();
    assertThat(stored).as("the stored value is not the code").doesNotContain(code);
    assertThat(stored).as("nor its plain SHA-256").isNotEqualTo(Tokens.hash(code));

    Reply login = verify(EMAIL, code);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).isEqualTo(Map.of("email", EMAIL, "message", "logged in"));
    assertThat(login.raw().body()).doesNotContain(code);
    assertThat(api.get("/profile", login.sessionCookie()).body()).isEqualTo(Map.of("email", EMAIL));
    assertThat(
            api.get("/sessions/whoami", login.sessionCookie()).json().path("session").path("amr"))
        .hasToString("[\"otp\"]");

    Reply replayed = verify(EMAIL, code);
    assertThat(replayed.status()).as("a code works once").isEqualTo(401);
    assertThat(replayed.body()).isEqualTo(WRONG_CODE);
    assertThat(replayed.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void aNewCodeVoidsTheOlderOneAndACodeExpires() throws Exception {
    start();
    register();
    askCode(EMAIL);
    String first = codeIn(awaitMail(1));
    askCode(EMAIL);
    String second = codeIn(awaitMail(2));

    assertThat(verify(EMAIL, first).status()).as("replaced").isEqualTo(401);
    clock.advance(Duration.ofMinutes(10));
    assertThat(verify(EMAIL, second).status()).as("expired").isEqualTo(401);
  }

  @Test
  void ofTenConcurrentVerifiesOfOneCodeOneLogsIn() throws Exception {
    start();
    register();
    askCode(EMAIL);
    String code = codeIn(awaitMail(1));

    List<Integer> statuses = Parallel.run(10, i -> verify(EMAIL, code).status());

    assertThat(statuses).containsOnlyOnce(200);
    assertThat(statuses).containsOnly(200, 401);
    assertThat(sessionsInDatabase()).isEqualTo(1);
  }

  @Test
  void fiveWrongCodesVoidItAndTheNextCodeWithinTheWindow() throws Exception {
    start();
    register();
    askCode(EMAIL);
    String code = codeIn(awaitMail(1));
    String wrong = code.equals("00000000") ? "00000001" : "00000000";

    for (int i = 0; i < 5; i++) {
      assertThat(verify(EMAIL, wrong).body()).isEqualTo(WRONG_CODE);
    }
    assertThat(verify(EMAIL, code).status()).as("void after five wrong ones").isEqualTo(401);
    askCode(EMAIL);
    String next = codeIn(awaitMail(2));
    assertThat(verify(EMAIL, next).status()).as("wrong codes count across codes").isEqualTo(401);

    clock.advance(Duration.ofHours(1));
    askCode(EMAIL);
    assertThat(verify(EMAIL, codeIn(awaitMail(3))).status()).as("after the window").isEqualTo(200);
  }

  @Test
  void anUnknownEmailGetsTheSameAnswerAndWorkAndNoMail() throws Exception {
    start();
    register();

    Reply unknown = askCode("nobody@example.org");
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.body()).isEqualTo(Map.of("email", "nobody@example.org", "message", MAILED));
    assertThat(outboxRows()).as("one outbox row, as for a registered email").isEqualTo(1);
    Reply known = askCode(EMAIL);
    assertThat(known.body()).isEqualTo(Map.of("email", EMAIL, "message", MAILED));
    assertThat(outboxRows()).isEqualTo(2);

    awaitMail(1);
    assertThat(smtp.waitForIncomingEmail(2_000, 2)).as("no mail to nobody").isFalse();
    assertThat(verify("nobody@example.org", "12345678").body()).isEqualTo(WRONG_CODE);
  }

  @Test
  void withTwoStepLoginTheCodeIsTheFirstFactorOnly() throws Exception {
    start();
    register();
    Reply session = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    String secret = TotpOn.enable(api, PASSWORD, clock.instant(), session.sessionCookie());
    clock.advance(Duration.ofSeconds(60));
    askCode(EMAIL);
    String code = codeIn(awaitMail(2));

    Reply noOtp = verify(EMAIL, code);
    assertThat(noOtp.status()).isEqualTo(401);
    assertThat(noOtp.body()).isEqualTo(Map.of("message", "one-time code required"));
    assertThat(noOtp.headers("Set-Cookie")).isEmpty();

    Reply both =
        api.postForm(
            "/sessions/email_code/verify",
            Map.of(
                "email", EMAIL, "code", code, "otp", Authenticator.code(secret, clock.instant())));
    assertThat(both.status()).as("the code was kept for the second step").isEqualTo(200);
    assertThat(api.get("/profile", both.sessionCookie()).body()).isEqualTo(Map.of("email", EMAIL));
    assertThat(api.get("/sessions/whoami", both.sessionCookie()).json().path("session").path("amr"))
        .hasToString("[\"otp\",\"mfa\"]");
  }

  @Test
  void aLoginByCodeVerifiesTheAccountAndDropsThePasswordSetBefore() throws Exception {
    start(ProductionConfigs::requiringVerification);
    register();
    assertThat(api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .as("unverified")
        .isEqualTo(403);
    MimeMessage verification = awaitMail(1);
    assertThat(verification.getSubject()).isEqualTo("Confirm your email address");

    askCode(EMAIL);
    Reply login = verify(EMAIL, codeIn(awaitMail(2)));
    assertThat(login.status()).isEqualTo(200);

    assertThat(api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .as("the password set before verification is gone")
        .isEqualTo(401);
    assertThat(api.get("/sessions/whoami", login.sessionCookie()).status()).isEqualTo(200);
    assertThat(sessionsInDatabase()).isEqualTo(1);
  }

  @Test
  void aLoginByCodeThatVerifiesTheAccountIsAUserEmailVerifiedEventAndAWrongCodeNone()
      throws Exception {
    start(ProductionConfigs::requiringVerification);
    register();
    awaitMail(1);
    Instant now = Instant.now();
    try (Database opened = Database.open(database.location(), 1)) {
      new WebhookEndpointStore(opened.jdbi())
          .add(
              new StoredWebhookEndpoint(
                  "all", "https://app.example/hook", Optional.empty(), "unused", now, now));
    }
    askCode(EMAIL);
    String code = codeIn(awaitMail(2));
    String wrong = code.equals("12345678") ? "87654321" : "12345678";

    assertThat(verify(EMAIL, wrong).body()).isEqualTo(WRONG_CODE);
    assertThat(count("SELECT COUNT(*) FROM webhook_deliveries")).as("a wrong code").isZero();
    assertThat(verify(EMAIL, code).status()).isEqualTo(200);

    List<String> events = column("SELECT event_type FROM webhook_deliveries ORDER BY id");
    assertThat(events).containsExactly("user.email_verified", "session.created");
    JsonNode verified =
        JSON.readTree(
            column(
                    "SELECT payload FROM webhook_deliveries WHERE event_type = 'user.email_verified'")
                .get(0));
    assertThat(verified.path("data").path("how").asText()).isEqualTo("email_code");
    assertThat(verified.path("data").path("email").asText()).isEqualTo(EMAIL);
    assertThat(verified.toString()).doesNotContain(code).doesNotContain(PASSWORD);
  }

  @Test
  void aLoginByCodeToAnUnverifiedAccountEndsItsOtherSessions() throws Exception {
    start();
    register();
    Reply earlier = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    assertThat(api.get("/profile", earlier.sessionCookie()).status()).isEqualTo(200);
    // An account whose address was never proved: one made before verification was required.
    update("UPDATE users SET email_verified_at = NULL");

    askCode(EMAIL);
    Reply login = verify(EMAIL, codeIn(awaitMail(1)));

    assertThat(login.status()).isEqualTo(200);
    assertThat(api.get("/profile", earlier.sessionCookie()).status())
        .as("the session opened before verification ended")
        .isEqualTo(403);
    assertThat(api.get("/profile", login.sessionCookie()).status()).isEqualTo(200);
    assertThat(count("SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL"))
        .isEqualTo(1);
  }

  @Test
  void aVerifiedAccountKeepsItsPasswordAndOtherSessions() throws Exception {
    start();
    register();
    Reply earlier = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));

    askCode(EMAIL);
    assertThat(verify(EMAIL, codeIn(awaitMail(1))).status()).isEqualTo(200);

    assertThat(api.get("/profile", earlier.sessionCookie()).status()).isEqualTo(200);
    assertThat(api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void malformedAndOversizedCodesAreRefusedLikeWrongOnes() throws Exception {
    start();
    register();
    askCode(EMAIL);
    String code = codeIn(awaitMail(1));

    // Four of them: each counts as a wrong code, and a fifth would void the code.
    for (String hostile : List.of(code + "0", "' OR '1'='1", "x".repeat(4000), "１２３４５６７８")) {
      Reply refused = verify(EMAIL, hostile);
      assertThat(refused.status()).as(hostile).isBetween(400, 401);
      assertThat(refused.raw().body()).doesNotContain(code);
    }
    assertThat(verify(EMAIL, "").status()).isEqualTo(400);
    assertThat(verify(EMAIL.toUpperCase(java.util.Locale.ROOT), code).status())
        .as("the email in another case is the same account")
        .isEqualTo(200);
  }

  @Test
  void aDisabledUserIsMailedNoCodeAndOneMailedBeforeIsRefused() throws Exception {
    start();
    register();
    askCode(EMAIL);
    String code = codeIn(awaitMail(1));
    update("UPDATE users SET disabled_at = 1");

    Reply refused = verify(EMAIL, code);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).isEqualTo(Map.of("message", "this account is disabled"));
    assertThat(refused.headers("Set-Cookie")).isEmpty();
    assertThat(askCode(EMAIL).body()).isEqualTo(Map.of("email", EMAIL, "message", MAILED));
    assertThat(smtp.waitForIncomingEmail(2_000, 2)).as("no code for a disabled user").isFalse();
  }

  @Test
  void wrongCodesCountInTheLoginThrottleSharedWithPasswordLogins() throws Exception {
    start();
    register();

    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThat(verify(EMAIL, "12345678").status()).isEqualTo(401);
    }
    Reply throttled = verify(EMAIL, "12345678");
    Reply password = api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isPresent();
    assertThat(password.status()).as("the same counters as POST /sessions").isEqualTo(429);
  }

  @Test
  void anotherUsersCodeDoesNotLogIn() throws Exception {
    start();
    register();
    assertThat(
            api.postForm("/users", Map.of("email", "eve@example.org", "password", PASSWORD))
                .status())
        .isEqualTo(200);
    askCode("eve@example.org");
    String evesCode = codeIn(awaitMail(1));
    askCode(EMAIL);
    awaitMail(2);

    assertThat(verify(EMAIL, evesCode).body()).isEqualTo(WRONG_CODE);
  }

  @Test
  void withTwoStepLoginTheUsersPasskeyMayStandInForTheTotpCode() throws Exception {
    start();
    register();
    String[] cookie =
        api.postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD)).sessionCookie();
    SoftwarePasskey passkey = new SoftwarePasskey(ProductionConfigs.PUBLIC_URL.toString());
    Reply creation = api.post("/profile/passkeys/options", cookie);
    ObjectNode added = JSON.createObjectNode().put("name", "Laptop");
    added.set("credential", JSON.readTree(passkey.register(creation.json().get("publicKey"))));
    assertThat(api.sendJson("POST", "/profile/passkeys", added.toString(), cookie).status())
        .isEqualTo(201);
    TotpOn.enable(api, PASSWORD, clock.instant(), cookie);
    askCode(EMAIL);
    String code = loginCodeMailed();
    JsonNode options =
        api.postForm("/sessions/passkey/options", Map.of("purpose", "second_step"))
            .json()
            .get("publicKey");

    Reply login =
        api.postForm(
            "/sessions/email_code/verify",
            Map.of("email", EMAIL, "code", code, "passkey", passkey.authenticate(options)));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).isEqualTo(Map.of("email", EMAIL, "message", "logged in"));
    assertThat(
            api.get("/sessions/whoami", login.sessionCookie()).json().path("session").path("amr"))
        .hasToString("[\"otp\",\"hwk\",\"mfa\"]");
  }

  /** The code of the latest login-code mail, waiting for it among the notices sent meanwhile. */
  private String loginCodeMailed() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      MimeMessage[] received = smtp.getReceivedMessages();
      for (int i = received.length - 1; i >= 0; i--) {
        if (LINK.matcher(body(received[i])).find()) {
          return codeIn(received[i]);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no login code was mailed");
  }

  private void register() {
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  private Reply askCode(String email) {
    return api.postForm("/sessions/email_code", Map.of("email", email));
  }

  private Reply verify(String email, String code) {
    return api.postForm("/sessions/email_code/verify", Map.of("email", email, "code", code));
  }

  private MimeMessage awaitMail(int count) {
    assertThat(smtp.waitForIncomingEmail(10_000, count)).as(count + " mail(s)").isTrue();
    return smtp.getReceivedMessages()[count - 1];
  }

  private static String body(MimeMessage mail) throws Exception {
    return ((String) mail.getContent()).replace("\r\n", "\n");
  }

  private static String codeIn(MimeMessage mail) throws Exception {
    Matcher found = CODE.matcher(body(mail));
    assertThat(found.find()).as("a code in %s", body(mail)).isTrue();
    return found.group(1);
  }

  private static String linkCode(MimeMessage mail) throws Exception {
    Matcher found = LINK.matcher(body(mail));
    assertThat(found.find()).as("a link in %s", body(mail)).isTrue();
    return found.group(1);
  }

  private long sessionsInDatabase() {
    return count("SELECT COUNT(*) FROM sessions");
  }

  private long outboxRows() {
    return count("SELECT COUNT(*) FROM outbox");
  }

  private String storedCodeHash() {
    try (Database opened = Database.open(database.location(), 1)) {
      return opened
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery("SELECT code_hash FROM email_login_codes")
                      .mapTo(String.class)
                      .one());
    }
  }

  private void update(String sql) {
    try (Database opened = Database.open(database.location(), 1)) {
      opened.jdbi().useHandle(h -> h.createUpdate(sql).execute());
    }
  }

  private List<String> column(String sql) {
    try (Database opened = Database.open(database.location(), 1)) {
      return opened.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
  }

  private long count(String sql) {
    try (Database opened = Database.open(database.location(), 1)) {
      return opened.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
