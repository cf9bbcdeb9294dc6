package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's replay against {@code --production --require-verified-email} with a real SMTP server:
 * twelve registrations of {@code victim+N@example.net} from one address sent twelve verification
 * mails to one mailbox. Registration mail now counts in the mail budget the resend and reset share,
 * per mailbox with its {@code +tag} forms.
 */
class MailBudgetTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final int PER_MAILBOX = MailLimits.DEFAULTS.perEmail();

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private ProductionMail service;

  @BeforeEach
  void start() {
    service = new ProductionMail(folder, clock, true);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void twelveRegistrationsOfOneMailboxSendNoMoreThanItsLimitAndCreateNoMoreAccounts() {
    List<Reply> replies = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      replies.add(register("victim+" + n + "@example.net"));
    }

    for (int n = 0; n < PER_MAILBOX; n++) {
      assertThat(replies.get(n).status()).as("registration %d", n + 1).isEqualTo(200);
    }
    for (Reply refused : replies.subList(PER_MAILBOX, replies.size())) {
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).contains("3600");
      assertThat(refused.header("Content-Type").orElseThrow()).startsWith("application/json");
      assertThat(refused.body().get("message").toString()).startsWith("too many mails asked for");
    }
    service.awaitMails(PER_MAILBOX);
    service.assertNoMoreThan(PER_MAILBOX);
    assertThat(service.users()).as("a refused registration creates no account").isEqualTo(5);
  }

  @Test
  void oncePastTheLimitATakenAndAFreeAddressGetTheSameAnswerAndResetAndResendAreRefusedToo() {
    for (int n = 1; n <= PER_MAILBOX; n++) {
      assertThat(register("victim+" + n + "@example.net").status()).isEqualTo(200);
    }

    Reply taken = register("victim+1@example.net");
    Reply free = register("Victim+99@Example.NET");
    Reply reset = service.api.postForm("/reset_password", Map.of("email", "victim@example.net"));
    Reply resend =
        service.api.postForm("/verify_email/resend", Map.of("email", "victim+2@example.net"));

    for (Reply refused : List.of(taken, free, reset, resend)) {
      assertThat(refused.status()).isEqualTo(429);
    }
    assertThat(taken.body()).isEqualTo(free.body());
    assertThat(taken.header("Retry-After")).isEqualTo(free.header("Retry-After"));
    service.awaitMails(PER_MAILBOX);
    service.assertNoMoreThan(PER_MAILBOX);
    assertThat(register("someone.else@example.net").status()).isEqualTo(200);
  }

  @Test
  void twentyResetRequestsSentAtOnceMailNoMoreThanTheLimit() throws Exception {
    assertThat(register("victim@example.net").status()).isEqualTo(200);
    service.awaitMails(1);

    List<Integer> statuses =
        Parallel.run(
            20,
            i ->
                service
                    .api
                    .postForm("/reset_password", Map.of("email", "victim@example.net"))
                    .status());

    assertThat(statuses.stream().filter(s -> s == 200).count())
        .as("the registration's mail took one of the mailbox's %d", PER_MAILBOX)
        .isEqualTo(PER_MAILBOX - 1);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(21 - PER_MAILBOX);
    service.awaitMails(PER_MAILBOX);
    service.assertNoMoreThan(PER_MAILBOX);
  }

  private Reply register(String email) {
    return service.api.postForm("/users", Map.of("email", email, "password", PASSWORD));
  }
}
