package io.bienvenue.cluster;

import static io.bienvenue.cluster.ClusterTest.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of {@code bienvenue serve} in production with {@code --require-verified-email},
 * on one PostgreSQL database, behind nginx, all mailing through one SMTP server in-process
 * (GreenMail): a verification link mailed after a registration on one instance verifies on any
 * other, once, and the limit on mail asked for is one count for all; a login code mailed by one
 * logs in once on the others. The tests run one after the other, each on its own mail domain, and
 * each waits until all of its mail has arrived and been logged as sent before it ends.
 */
@RequiresPostgres
@RequiresNginx
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterVerificationTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("&token=([A-Za-z0-9_-]{43})");
  private static final Pattern LOGIN_CODE = Pattern.compile("/ui/login#email=\\S+&token=(\\d{8})");
  private static final String SENT = "(" + MailLinks.EMAIL_VERIFICATION_MAIL + ") sent";
  private static final long MAIL_WAIT_MILLIS = 15_000;
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);

  /** {@code MailLimits}' default: five mails asked for per email in an hour. */
  private static final int PER_EMAIL = 5;

  @TempDir static Path folder;
  private static GreenMail smtp;
  private static TestDatabase database;
  private static Cluster cluster;

  @BeforeAll
  static void startSmtpThenThreeVerifyingInstancesBehindNginx() throws Exception {
    // Production refuses to start without its SMTP server: it listens first.
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    database = TestDatabase.postgres();
    cluster =
        Cluster.start(
            3,
            database.location(),
            folder,
            Map.of(
                "BIENVENUE_PRODUCTION", "true",
                "BIENVENUE_BCRYPT_COST", "10", // production's least; the instances' default is 4
                "BIENVENUE_REQUIRE_VERIFIED_EMAIL", "true",
                "BIENVENUE_PUBLIC_URL", "https://auth.example.org",
                "BIENVENUE_SMTP_HOST", "127.0.0.1",
                "BIENVENUE_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
                "BIENVENUE_SMTP_TLS", "none",
                "BIENVENUE_MAIL_FROM", "Bienvenue <noreply@example.org>"));
  }

  @AfterAll
  static void stopEverything() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      try {
        if (database != null) {
          database.close();
        }
      } finally {
        if (smtp != null) {
          smtp.stop();
        }
      }
    }
  }

  @Test
  void aLinkMailedOnceAfterARegistrationOnOneInstanceVerifiesOnAnotherAndWorksOnce()
      throws Exception {
    String domain = "verify.example.org";
    String email = "ada@" + domain;
    Map<String, String> credentials = Map.of("email", email, "password", PASSWORD);
    long sentBefore = sentSoFar();

    assertThat(register(cluster.direct(0), email, PASSWORD).status()).isEqualTo(200);
    MimeMessage[] mails = awaitMailsTo(domain, 1);
    assertThat(mails).as("the verification mail").hasSize(1);
    String token = token(mails[0]);
    List<Long> sent = cluster.instances.awaitLines(SENT, sentBefore + 1, LOG_WAIT);

    Reply unverified = cluster.direct(1).postForm("/sessions", credentials);
    Reply verified = verify(cluster.direct(2), email, token);
    Reply loggedIn = cluster.direct(1).postForm("/sessions", credentials);
    Reply again = verify(cluster.direct(0), email, token);

    assertThat(unverified.status()).isEqualTo(403);
    assertThat(unverified.body()).isEqualTo(Map.of("message", "email not verified"));
    assertThat(unverified.headers("Set-Cookie")).isEmpty();
    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.body()).isEqualTo(Map.of("email", email, "message", "email verified"));
    assertThat(loggedIn.status()).isEqualTo(200);
    assertThat(loggedIn.sessionId()).isNotBlank();
    assertThat(again.status()).as("the used token on another instance").isEqualTo(403);
    assertThat(smtp.getReceivedMessagesForDomain(domain)).as("mails to the new user").hasSize(1);
    assertThat(total(sent) - sentBefore)
        .as("verification mails the instances logged as sent, per instance: %s", sent)
        .isEqualTo(1);
  }

  @Test
  void aRegistrationAndResendsSpreadOverTheInstancesShareOneLimitPerMailbox() throws Exception {
    String domain = "resend.example.org";
    String email = "grace@" + domain;
    String[] client = {"X-Forwarded-For", "203.0.113.40"};
    long sentBefore = sentSoFar();
    assertThat(register(cluster.viaNginx(), email, PASSWORD, client).status()).isEqualTo(200);

    // The registration's verification mail is the first of the mailbox's five.
    for (int i = 0; i < PER_EMAIL - 1; i++) {
      assertThat(resend(cluster.direct(i), email, client).status())
          .as("resend %d, on %s", i + 1, cluster.instances.get(i % 3))
          .isEqualTo(200);
    }

    for (ServiceProcess instance : cluster.instances.all()) {
      Reply refused = resend(instance.client(), email, client);
      assertThat(refused.status()).as("one resend too many, on %s", instance).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isPresent();
    }
    assertThat(resend(cluster.viaNginx(), email, client).status())
        .as("one resend too many, through nginx")
        .isEqualTo(429);
    MimeMessage[] mails = awaitMailsTo(domain, PER_EMAIL);
    assertThat(mails).as("the registration's mail and one per admitted resend").hasSize(PER_EMAIL);
    List<Long> sent = cluster.instances.awaitLines(SENT, sentBefore + PER_EMAIL, LOG_WAIT);
    assertThat(total(sent) - sentBefore)
        .as("verification mails the instances logged as sent, per instance: %s", sent)
        .isEqualTo(PER_EMAIL);
    // Each mail's link replaces the one before, and any instance may have sent any of them, in
    // any order: of the five, exactly one (the last issued) verifies, whichever instance tries it.
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < mails.length; i++) {
      statuses.add(verify(cluster.direct(i), email, token(mails[i])).status());
    }
    assertThat(statuses).as("each mailed link tried once").containsOnly(200, 403);
    assertThat(Collections.frequency(statuses, 200))
        .as("links that verified: %s", statuses)
        .isEqualTo(1);
  }

  @Test
  void aLoginCodeAskedOnOneInstanceLogsInOnceWhenTenRaceOnTheOthers() throws Exception {
    String domain = "code.example.org";
    String email = "joan@" + domain;
    long sentBefore = sentSoFar();
    assertThat(register(cluster.direct(0), email, PASSWORD).status()).isEqualTo(200);
    assertThat(awaitMailsTo(domain, 1)).as("the verification mail").hasSize(1);
    cluster.instances.awaitLines(SENT, sentBefore + 1, LOG_WAIT);

    Reply asked = cluster.direct(0).postForm("/sessions/email_code", Map.of("email", email));
    assertThat(asked.status()).isEqualTo(200);
    MimeMessage[] mails = awaitMailsTo(domain, 2);
    assertThat(mails).as("the verification mail and the code").hasSize(2);
    String code = loginCode(mails[1]);
    Map<String, String> login = Map.of("email", email, "code", code);

    List<Integer> statuses =
        Parallel.run(
            10,
            i -> cluster.direct(1 + i % 2).postForm("/sessions/email_code/verify", login).status());

    assertThat(statuses).as("ten verifies on two other instances").containsOnlyOnce(200);
    assertThat(statuses).containsOnly(200, 401);
    assertThat(cluster.direct(0).postForm("/sessions/email_code/verify", login).status())
        .as("the used code on the instance that mailed it")
        .isEqualTo(401);
    assertThat(
            cluster
                .direct(2)
                .postForm("/sessions", Map.of("email", email, "password", PASSWORD))
                .status())
        .as("the login by code verified the account and dropped the password set before")
        .isEqualTo(401);
  }

  private static String loginCode(MimeMessage mail) throws Exception {
    assertThat(mail.getSubject()).isEqualTo("Your login code");
    Matcher link = LOGIN_CODE.matcher(GreenMailUtil.getBody(mail));
    assertThat(link.find()).as("a login code link in the mail").isTrue();
    return link.group(1);
  }

  private static Reply verify(ApiClient api, String email, String token) {
    return api.postForm("/verify_email", Map.of("email", email, "token", token));
  }

  private static Reply resend(ApiClient api, String email, String... headers) {
    return api.postForm("/verify_email/resend", Map.of("email", email), headers);
  }

  /**
   * Waits, {@link #MAIL_WAIT_MILLIS} at most, until {@code count} mails to {@code domain} have
   * arrived, and returns those that have, in order of arrival.
   */
  private static MimeMessage[] awaitMailsTo(String domain, int count) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAIL_WAIT_MILLIS);
    while (true) {
      // Counted before the domain's are read: a mail arriving between the two ends the wait.
      int received = smtp.getReceivedMessages().length;
      MimeMessage[] mails = smtp.getReceivedMessagesForDomain(domain);
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (mails.length >= count || left <= 0 || !smtp.waitForIncomingEmail(left, received + 1)) {
        return smtp.getReceivedMessagesForDomain(domain);
      }
    }
  }

  private static String token(MimeMessage mail) {
    Matcher link = TOKEN.matcher(GreenMailUtil.getBody(mail));
    assertThat(link.find()).as("a verification link in the mail").isTrue();
    return link.group(1);
  }

  /** How many verification mails the instances have logged as sent, in all, so far. */
  private static long sentSoFar() throws InterruptedException {
    return total(cluster.instances.awaitLines(SENT, 0, Duration.ZERO));
  }

  private static long total(List<Long> counts) {
    return counts.stream().mapToLong(Long::longValue).sum();
  }
}
