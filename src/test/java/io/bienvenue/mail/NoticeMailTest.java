package io.bienvenue.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.Notice;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The security notices: one renderer, every kind worded, to the row's (stored) recipient. */
class NoticeMailTest {

  private static final URI PUBLIC_URL = URI.create("https://auth.example.org/");
  private static final Instant AT = Instant.parse("2026-12-03T14:00:00Z");
  private final NoticeMail notices = new NoticeMail(PUBLIC_URL);

  @ParameterizedTest
  @EnumSource(Notice.class)
  void everyNoticeHasItsOwnSubjectAndSaysWhenAndWhere(Notice notice) {
    MailMessage mail = notices.render(message(notice.kind())).orElseThrow();

    assertThat(mail.to()).isEqualTo("kate@example.org");
    assertThat(mail.text())
        .contains("https://auth.example.org")
        .contains("2026-12-03T14:00:00Z (UTC)")
        .contains("If you did this, there is nothing more to do.")
        .doesNotContain("%");
    long sameSubject =
        Arrays.stream(Notice.values())
            .map(n -> notices.render(message(n.kind())).orElseThrow().subject())
            .filter(mail.subject()::equals)
            .count();
    assertThat(sameSubject).isEqualTo(1);
  }

  @Test
  void theTwoStepNoticesAreReadyWordForWord() {
    MailMessage on = notices.render(message(Notice.TWO_FACTOR_ON.kind())).orElseThrow();
    MailMessage off = notices.render(message(Notice.TWO_FACTOR_OFF.kind())).orElseThrow();

    assertThat(on.subject()).isEqualTo("Two-step login was turned on");
    assertThat(off.subject()).isEqualTo("Two-step login was turned off");
    assertThat(off.text())
        .isEqualTo(
            "Two-step login was turned off for your account at https://auth.example.org on"
                + " 2026-12-03T14:00:00Z (UTC): from now on, a\n"
                + "login asks for the password only.\n"
                + "\nIf you did this, there is nothing more to do.\n\n"
                + "If you did not, someone else may be using your account: reset your password at\n"
                + "https://auth.example.org/ui/reset and look at the sessions of your account.\n");
  }

  @Test
  void thePasswordChangedKindIsTheOneAuthQueues() {
    assertThat(Notice.ofKind(Notice.PASSWORD_CHANGED.kind())).contains(Notice.PASSWORD_CHANGED);
    assertThat(notices.render(message(Notice.PASSWORD_CHANGED.kind())).orElseThrow().subject())
        .isEqualTo("Your password was changed");
  }

  @Test
  void aLinkMailIsNoNotice() {
    assertThatThrownBy(() -> notices.render(message(MailLinks.PASSWORD_RESET_MAIL)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static OutboxMessage message(String kind) {
    return new OutboxMessage(
        7,
        kind,
        "kate@example.org",
        Optional.empty(),
        AT,
        AT,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
