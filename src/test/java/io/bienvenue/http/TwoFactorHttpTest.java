package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ServiceFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two-factor login over the real server: {@code /profile/totp} and {@code otp} at login. */
class TwoFactorHttpTest {

  private static final String EMAIL = "ada@example.org";
  private static final Duration STEP = Duration.ofSeconds(30);

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();
  private final MutableClock clock = service.clock();

  private String token;
  private JsonNode recoveryCodes;

  @BeforeEach
  void start() {
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", "pwd")).status())
        .isEqualTo(200);
    token = login(null).sessionId();
  }

  @Test
  void enrolmentConfirmationAndALoginWithACode() {
    Reply enrolment = api.postForm("/profile/totp", Map.of("password", "pwd"), session(token));
    assertThat(enrolment.status()).isEqualTo(200);
    JsonNode body = enrolment.json();
    String secret = body.path("secret").asText();
    assertThat(body.path("otpauth_uri").asText())
        .startsWith("otpauth://totp/Bienvenue:ada%40example.org?")
        .contains("secret=" + secret)
        .contains("issuer=Bienvenue");
    assertThat(body.path("qr_code").asText()).startsWith("data:image/svg+xml;base64,");

    Reply confirmed = confirm(Authenticator.code(secret, clock.instant()));
    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.json().path("message").asText()).isEqualTo("two-factor login on");
    assertThat(confirmed.json().path("recovery_codes")).hasSize(10);
    assertThat(confirmed.json().path("other_sessions_ended").asInt()).isZero();

    Reply noCode = login(null);
    assertThat(noCode.status()).isEqualTo(401);
    assertThat(noCode.body()).isEqualTo(Map.of("message", "one-time code required"));
    assertThat(noCode.headers("Set-Cookie")).as("no session is made").isEmpty();
    Reply wrongCode = login(otherCode(secret));
    assertThat(wrongCode.status()).isEqualTo(401);
    assertThat(wrongCode.body()).isEqualTo(Map.of("message", "invalid one-time code"));
    assertThat(wrongCode.headers("Set-Cookie")).isEmpty();

    clock.advance(STEP);
    String code = Authenticator.code(secret, clock.instant());
    Reply in = login(code);
    assertThat(in.status()).isEqualTo(200);
    assertThat(api.get("/profile", session(in.sessionId())).status()).isEqualTo(200);
    Reply replayed = login(code);
    assertThat(replayed.status()).as("a replayed code is refused").isEqualTo(401);
    assertThat(replayed.body()).isEqualTo(Map.of("message", "invalid one-time code"));
  }

  @Test
  void aRecoveryCodeLogsInOnceAndTheOtpMayComeAsJson() {
    String secret = enable();
    String recovery = recoveryCodes.path(0).asText();

    Reply first =
        api.sendJson(
            "POST",
            "/sessions",
            "{\"email\": \"" + EMAIL + "\", \"password\": \"pwd\", \"otp\": \"" + recovery + "\"}");
    Reply again = login(recovery);

    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).as("a used recovery code is refused").isEqualTo(401);
    assertThat(secret).isNotEmpty();
  }

  @Test
  void turningItOffTakesThePasswordAndACode() {
    String secret = enable();
    clock.advance(STEP);
    String code = Authenticator.code(secret, clock.instant());

    Reply wrongPassword = disable("wrong", code);
    Reply wrongCode = disable("pwd", otherCode(secret));
    Reply off = disable("pwd", code);

    assertThat(wrongPassword.status()).isEqualTo(403);
    assertThat(wrongPassword.body()).isEqualTo(Map.of("message", "wrong password"));
    assertThat(wrongCode.status()).isEqualTo(401);
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.json().path("message").asText()).isEqualTo("two-factor login off");
    assertThat(off.json().path("other_sessions_ended").asInt()).isZero();
    assertThat(login(null).status()).isEqualTo(200);
    Reply notOn = disable("pwd", code);
    assertThat(notOn.status()).isEqualTo(409);
    assertThat(notOn.body()).isEqualTo(Map.of("message", "two-factor login is not on"));
  }

  @Test
  void stateConflictsAre409AndNoSessionIs403() {
    Reply nothingPending = confirm("123456");
    enable();
    Reply again = api.postForm("/profile/totp", Map.of("password", "pwd"), session(token));
    Reply anonymous = api.postForm("/profile/totp", Map.of("password", "pwd"));
    Reply missingCode = api.sendForm("PUT", "/profile/totp", Map.of(), session(token));

    assertThat(nothingPending.status()).isEqualTo(409);
    assertThat(nothingPending.body())
        .isEqualTo(Map.of("message", "no two-factor enrolment is pending"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).isEqualTo(Map.of("message", "two-factor login is already on"));
    assertThat(anonymous.status()).isEqualTo(403);
    assertThat(missingCode.status()).isEqualTo(400);
    assertThat(missingCode.body()).isEqualTo(Map.of("message", "code is required"));
  }

  @Test
  void theStatusSaysWhetherItIsOffPendingOrOnAndNeverTheSecret() {
    assertThat(status()).isEqualTo("enabled=false pending=false");
    String secret =
        api.postForm("/profile/totp", Map.of("password", "pwd"), session(token))
            .json()
            .path("secret")
            .asText();
    assertThat(status()).isEqualTo("enabled=false pending=true");
    assertThat(api.get("/profile/totp", session(token)).raw().body()).doesNotContain(secret);
    confirm(Authenticator.code(secret, clock.instant()));
    assertThat(status()).isEqualTo("enabled=true pending=false");
    assertThat(api.get("/profile/totp").status()).isEqualTo(403);
  }

  @Test
  void withOnlyTheSessionCookieAThiefCannotTurnItOnAndLockTheOwnerOut() {
    Reply noPassword = api.postForm("/profile/totp", Map.of(), session(token));
    Reply wrongPassword =
        api.postForm("/profile/totp", Map.of("password", "guess"), session(token));
    Reply confirmed = confirm("123456");

    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.body()).isEqualTo(Map.of("message", "password is required"));
    assertThat(wrongPassword.status()).isEqualTo(403);
    assertThat(wrongPassword.body()).isEqualTo(Map.of("message", "wrong password"));
    assertThat(confirmed.status()).isEqualTo(409);
    assertThat(status()).isEqualTo("enabled=false pending=false");
    assertThat(login(null).status()).as("the owner's password alone still logs in").isEqualTo(200);
  }

  @Test
  void turningItOnOrOffLogsOutTheOtherSessionsAndSaysSo() {
    String other = login(null).sessionId();
    String secret = enable();
    assertThat(recoveryCodes).hasSize(10);
    assertThat(api.get("/profile", session(other)).status()).isEqualTo(403);
    String another = login(recoveryCodes.path(0).asText()).sessionId();
    clock.advance(STEP);

    Reply off = disable("pwd", Authenticator.code(secret, clock.instant()));

    assertThat(off.status()).isEqualTo(200);
    assertThat(off.json().path("other_sessions_ended").asInt()).isEqualTo(1);
    assertThat(api.get("/profile", session(another)).status()).isEqualTo(403);
    assertThat(api.get("/profile", session(token)).status()).isEqualTo(200);
  }

  @Test
  void deleteWithTheRightPasswordAndWrongCodesIsNoCodeOracle() {
    String secret = enable();
    String wrong = otherCode(secret);
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      statuses.merge(disable("pwd", wrong).status(), 1, Integer::sum);
    }
    clock.advance(STEP);
    Reply right = disable("pwd", Authenticator.code(secret, clock.instant()));

    assertThat(statuses).isEqualTo(Map.of(401, 10, 429, 15));
    assertThat(right.status()).as("still throttled, even for the right code").isEqualTo(429);
    assertThat(right.headers("Retry-After")).isNotEmpty();
    assertThat(status()).isEqualTo("enabled=true pending=false");
  }

  private String status() {
    Reply reply = api.get("/profile/totp", session(token));
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.path("enabled").isBoolean()).isTrue();
    return "enabled="
        + body.path("enabled").asBoolean()
        + " pending="
        + body.path("pending").asBoolean();
  }

  private String enable() {
    String secret =
        api.postForm("/profile/totp", Map.of("password", "pwd"), session(token))
            .json()
            .path("secret")
            .asText();
    Reply confirmed = confirm(Authenticator.code(secret, clock.instant()));
    assertThat(confirmed.status()).isEqualTo(200);
    recoveryCodes = confirmed.json().path("recovery_codes");
    return secret;
  }

  private Reply confirm(String code) {
    return api.sendForm("PUT", "/profile/totp", Map.of("code", code), session(token));
  }

  private Reply disable(String password, String code) {
    return api.sendForm(
        "DELETE", "/profile/totp", Map.of("password", password, "code", code), session(token));
  }

  private Reply login(String otp) {
    Map<String, String> fields = new HashMap<>(Map.of("email", EMAIL, "password", "pwd"));
    if (otp != null) {
      fields.put("otp", otp);
    }
    return api.postForm("/sessions", fields);
  }

  /** A six-digit code that is not the code of now, nor of the steps either side. */
  private String otherCode(String secret) {
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      boolean inWindow = false;
      for (int step = -1; step <= 1; step++) {
        inWindow |=
            code.equals(Authenticator.code(secret, clock.instant().plus(STEP.multipliedBy(step))));
      }
      if (!inWindow) {
        return code;
      }
    }
  }
}
