package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.AuthServices;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.MailLink;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.store.StoreFailures;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.ProductionConfigs;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * E-mail verification over the real server, in production with verification required: {@code POST
 * /users} unchanged, the 403 before, {@code POST /verify_email}, and {@code POST
 * /verify_email/resend} answered alike and limited, as {@code POST /reset_password} is.
 */
class EmailVerificationHttpTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final MailLimits LIMITS = new MailLimits(2, 4, Duration.ofHours(1));
  private static final String RESENT =
      "if this email is registered and not yet verified, a new verification link has been sent"
          + " to it";

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private Auth auth;
  private MailLinks links;
  private Javalin app;
  private ApiClient api;

  @BeforeEach
  void start() {
    AuthServices wired =
        services.wire(
            ProductionConfigs.authSettings(
                new EmailVerification(true, Duration.ofHours(24)), LIMITS));
    auth = wired.auth();
    links = wired.mailLinks();
    // The test's own address is a trusted proxy, so X-Forwarded-For names each client.
    HttpSettings settings =
        new HttpSettings(
            true,
            "__Host-session_id",
            List.of("127.0.0.1"),
            StoreFailures::isOutage,
            new SimpleMeterRegistry(),
            true);
    app = HttpApp.create(auth, settings).start("127.0.0.1", 0);
    api = new ApiClient("http://127.0.0.1:" + app.port());
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void registrationAnswersAsAlways() {
    Reply created = register();

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body()).isEqualTo(Map.of("email", EMAIL, "message", "user created"));
  }

  @Test
  void beforeVerificationTheRightPasswordIsA403WithNoCookieAndAWrongOneStaysA401() {
    register();

    Reply refused = login(PASSWORD);
    Reply wrong = login("a wrong but long password");
    Reply unknown =
        api.postForm("/sessions", Map.of("email", "nobody@example.org", "password", PASSWORD));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).isEqualTo(Map.of("message", "email not verified"));
    assertThat(refused.headers("Set-Cookie")).isEmpty();
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrong.body());
  }

  @Test
  void theTokenVerifiesOnceAndThenTheLoginWorks() {
    register();
    Map<String, String> verify =
        Map.of(
            "email",
            EMAIL,
            "token",
            links.verificationLink(EMAIL).map(MailLink::token).orElseThrow());

    Reply verified = api.postForm("/verify_email", verify);
    Reply again = api.postForm("/verify_email", verify);

    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.body()).isEqualTo(Map.of("email", EMAIL, "message", "email verified"));
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.body()).isEqualTo(Map.of("message", "invalid verification token"));
    Reply login = login(PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.sessionId()).isNotBlank();
  }

  @Test
  void aForgedTokenAnUnknownEmailAndAMissingFieldAreRefused() {
    register();

    Reply forged = api.postForm("/verify_email", Map.of("email", EMAIL, "token", "A".repeat(43)));
    Reply nobody =
        api.postForm(
            "/verify_email", Map.of("email", "nobody@example.org", "token", "A".repeat(43)));
    Reply missing = api.postForm("/verify_email", Map.of("email", EMAIL));

    assertThat(forged.status()).isEqualTo(403);
    assertThat(nobody.body()).isEqualTo(forged.body());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo(Map.of("message", "token is required"));
  }

  @Test
  void aResendIsAnsweredAlikeForUnverifiedVerifiedAndUnknownEmails() {
    register();
    api.postForm("/users", Map.of("email", "done@example.org", "password", PASSWORD));
    auth.verifyEmail(
        "done@example.org",
        links.verificationLink("done@example.org").map(MailLink::token).orElseThrow());

    Reply unverified = resend(EMAIL, "203.0.113.1");
    Reply verified = resend("done@example.org", "203.0.113.2");
    Reply unknown = resend("nobody@example.org", "203.0.113.3");

    for (Reply reply : List.of(unverified, verified, unknown)) {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().get("message")).isEqualTo(RESENT);
    }
  }

  @Test
  void registrationResendsAndResetRequestsShareOneLimitPerEmailAnsweredWithA429AndRetryAfter() {
    // The registration's verification mail is the first of the two this mailbox may get.
    register();
    assertThat(resend(EMAIL, "203.0.113.1").status()).isEqualTo(200);

    Reply resendRefused = resend(EMAIL, "203.0.113.3");
    Reply resetRefused = reset(EMAIL, "203.0.113.4");

    for (Reply refused : List.of(resendRefused, resetRefused)) {
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).contains("3600");
      assertThat(refused.body().get("message").toString()).startsWith("too many mails asked for");
    }
    assertThat(resend("other@example.org", "203.0.113.5").status()).isEqualTo(200);
  }

  @Test
  void oneAddressIsLimitedOverEveryEmail() {
    for (int i = 0; i < LIMITS.perAddress(); i++) {
      assertThat(resend("user" + i + "@example.org", "203.0.113.9").status()).isEqualTo(200);
    }

    assertThat(reset("another@example.org", "203.0.113.9").status()).isEqualTo(429);
    assertThat(reset("another@example.org", "203.0.113.10").status()).isEqualTo(200);
  }

  @Test
  void aCrossSiteVerificationIsRefused() {
    register();
    Map<String, String> verify =
        Map.of(
            "email",
            EMAIL,
            "token",
            links.verificationLink(EMAIL).map(MailLink::token).orElseThrow());

    Reply crossSite = api.postForm("/verify_email", verify, "Origin", "https://evil.example");

    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(login(PASSWORD).status()).isEqualTo(403);
  }

  private Reply register() {
    return api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
  }

  private Reply login(String password) {
    return api.postForm("/sessions", Map.of("email", EMAIL, "password", password));
  }

  private Reply resend(String email, String client) {
    return api.postForm("/verify_email/resend", Map.of("email", email), "X-Forwarded-For", client);
  }

  private Reply reset(String email, String client) {
    return api.postForm("/reset_password", Map.of("email", email), "X-Forwarded-For", client);
  }
}
