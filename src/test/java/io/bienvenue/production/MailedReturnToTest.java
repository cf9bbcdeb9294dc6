package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.MutableClock;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code return_to} of a mailed link in production (issue 15), with the in-process SMTP server:
 * a return address the allow-list admits rides in the link's query, and the person who follows the
 * link, sets a new password and is sent on lands there; one it refuses never reaches the mail,
 * which still goes, without it. The browser's part (reset.js carrying the query's return_to on to
 * the login page, which goes to {@code /ui/return}) is return-to.mjs's; this test follows the
 * mailed link's query over HTTP.
 */
class MailedReturnToTest {

  private static final String APP = "https://app.example.com";
  private static final String EMAIL = "lena@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern LINK =
      Pattern.compile("(https://auth\\.example\\.org/ui/(?:reset|verify)\\S*)");

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private ProductionMail service;
  private ApiClient api;

  @BeforeEach
  void start() {
    service = new ProductionMail(folder, clock, true, List.of(APP));
    api = service.api;
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void aResetLinkCarriesAnAllowedReturnToAndFollowingItLandsThere() throws Exception {
    signUp(Map.of("email", EMAIL, "password", PASSWORD));
    String returnTo = APP + "/after?tab=2&from=mail";

    Reply asked = api.postForm("/reset_password", Map.of("email", EMAIL, "return_to", returnTo));

    assertThat(asked.status()).isEqualTo(200);
    URI link = linkOf(service.awaitMails(2).get(1));
    assertThat(link.getPath()).isEqualTo("/ui/reset");
    assertThat(link.getRawQuery())
        .isEqualTo("return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    Map<String, String> secret = fields(link.getRawFragment());
    assertThat(secret).containsOnlyKeys("email", "token");

    Reply reset =
        api.sendForm(
            "PUT",
            "/reset_password",
            Map.of(
                "email", secret.get("email"),
                "reset_token", secret.get("token"),
                "new_password", "a brand new passphrase"));
    assertThat(reset.status()).isEqualTo(200);
    String carried = fields(link.getRawQuery()).get("return_to");
    Reply back = api.get("/ui/return?to=" + URLEncoder.encode(carried, StandardCharsets.UTF_8));

    assertThat(back.status()).isEqualTo(302);
    assertThat(back.header("Location")).contains(returnTo);
  }

  @Test
  void aRefusedReturnToNeverReachesTheMailWhichStillGoes() throws Exception {
    signUp(Map.of("email", EMAIL, "password", PASSWORD));

    Reply asked =
        api.postForm(
            "/reset_password",
            Map.of("email", EMAIL, "return_to", "https://evil.example/phish?u=" + EMAIL));

    assertThat(asked.status()).isEqualTo(200);
    MimeMessage mail = service.awaitMails(2).get(1);
    assertThat(mail.getSubject()).isEqualTo("Reset your password");
    assertThat(text(mail)).doesNotContain("evil").doesNotContain("return_to");
    assertThat(linkOf(mail).getRawQuery()).isNull();
  }

  @Test
  void theVerificationMailOfASignUpCarriesItsReturnTo() throws Exception {
    signUp(Map.of("email", EMAIL, "password", PASSWORD, "return_to", "/ui/profile?welcome=1"));

    URI link = linkOf(service.awaitMails(1).get(0));

    assertThat(link.getPath()).isEqualTo("/ui/verify");
    assertThat(fields(link.getRawQuery()))
        .containsExactly(Map.entry("return_to", "/ui/profile?welcome=1"));
  }

  @Test
  void aResentVerificationMailCarriesAnAllowedReturnToAndDropsARefusedOne() throws Exception {
    signUp(Map.of("email", EMAIL, "password", PASSWORD));
    service.awaitMails(1);

    assertThat(
            api.postForm("/verify_email/resend", Map.of("email", EMAIL, "return_to", APP + "/x"))
                .status())
        .isEqualTo(200);
    URI allowed = linkOf(service.awaitMails(2).get(1));
    assertThat(
            api.postForm(
                    "/verify_email/resend", Map.of("email", EMAIL, "return_to", "//evil.example/x"))
                .status())
        .isEqualTo(200);
    MimeMessage refused = service.awaitMails(3).get(2);

    assertThat(fields(allowed.getRawQuery())).containsExactly(Map.entry("return_to", APP + "/x"));
    assertThat(text(refused)).doesNotContain("evil").doesNotContain("return_to");
  }

  private void signUp(Map<String, String> fields) {
    assertThat(api.postForm("/users", fields).status()).isEqualTo(200);
  }

  /** The one link to a page of the service in {@code mail}'s text. */
  static URI linkOf(MimeMessage mail) throws Exception {
    Matcher matcher = LINK.matcher(text(mail));
    assertThat(matcher.find()).as("a link in:\n%s", text(mail)).isTrue();
    return URI.create(matcher.group(1));
  }

  /** The text of {@code mail}, its transfer encoding undone. */
  static String text(MimeMessage mail) throws Exception {
    return (String) mail.getContent();
  }

  /** The fields of a query or fragment {@code a=1&b=2}, decoded. */
  private static Map<String, String> fields(String encoded) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }
}
