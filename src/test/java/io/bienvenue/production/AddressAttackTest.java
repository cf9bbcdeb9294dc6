package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.MutableClock;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's replays of issue 21 point 1 against {@code --production --require-verified-email}
 * with a real SMTP server: an address that hides another one gets no account and sends no mail, and
 * a mail asked for with another spelling of an address goes to the address as stored.
 */
class AddressAttackTest {

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private ProductionMail service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void anAddressHidingAnotherOneGetsNoAccountAndSendsNoMail() {
    service = new ProductionMail(folder, clock, true);
    List<String> hostile =
        List.of(
            "<attacker@evil.test>@example.org",
            "\"<attacker@evil.test>\"@example.org",
            "Name <attacker@evil.test>",
            "attacker@evil.test (comment)",
            "attacker@evil.test@example.org",
            "attacker@[127.0.0.1]",
            "@evil.test:attacker@example.org");

    for (String email : hostile) {
      Reply reply = service.api.postForm("/users", Map.of("email", email, "password", PASSWORD));
      assertThat(reply.status()).as(email).isEqualTo(400);
      assertThat(reply.body().get("message")).as(email).isEqualTo("email is not a valid address");
    }

    service.assertNoMoreThan(0);
    assertThat(service.users()).isZero();
  }

  @Test
  void aNonAsciiAddressIsRefusedWithItsReasonAndSendsNoMail() {
    service = new ProductionMail(folder, clock, true);

    Reply kelvin =
        service.api.postForm(
            "/users", Map.of("email", "\u212Aate@example.org", "password", PASSWORD));

    assertThat(kelvin.status()).isEqualTo(400);
    assertThat(kelvin.body().get("message"))
        .isEqualTo("email must be ASCII: internationalised addresses are not supported");
    service.assertNoMoreThan(0);
    assertThat(service.users()).isZero();
  }

  @Test
  void aResetAskedWithAnotherSpellingIsMailedToTheStoredAddressOnly() throws Exception {
    service = new ProductionMail(folder, clock, false);
    assertThat(register("kate@example.org").status()).isEqualTo(200);

    Reply upper = reset("KATE@EXAMPLE.ORG");

    assertThat(upper.status()).isEqualTo(200);
    MimeMessage mail = service.awaitMails(1).get(0);
    assertThat(service.recipients()).containsExactly("kate@example.org");
    assertThat(GreenMailUtil.getBody(mail))
        .contains("https://auth.example.org/ui/reset#email=kate%40example.org&token=")
        .doesNotContain("KATE");
    Reply kelvin = reset("\u212AATE@example.org");
    assertThat(kelvin.status()).isEqualTo(400);
    service.assertNoMoreThan(1);
  }

  @Test
  void aResendAskedWithAnotherSpellingIsMailedToTheStoredAddressOnly() {
    service = new ProductionMail(folder, clock, true);
    assertThat(register("kate@example.org").status()).isEqualTo(200);
    service.awaitMails(1);

    Reply upper = service.api.postForm("/verify_email/resend", Map.of("email", "Kate@Example.ORG"));

    assertThat(upper.status()).isEqualTo(200);
    service.awaitMails(2);
    service.assertNoMoreThan(2);
    assertThat(service.recipients()).containsExactly("kate@example.org", "kate@example.org");
  }

  private Reply register(String email) {
    return service.api.postForm("/users", Map.of("email", email, "password", PASSWORD));
  }

  private Reply reset(String email) {
    return service.api.postForm("/reset_password", Map.of("email", email));
  }
}
