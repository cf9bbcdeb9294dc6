package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.SoftwarePasskey;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TotpOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passwordless login with a passkey over the real server, with webauthn4j's software authenticator,
 * on the database a subclass gives: it answers like a password login, and every refusal (a used
 * challenge, another origin, another user's handle, a counter that did not grow, a removed passkey,
 * a malformed answer) is the same 401.
 */
abstract class PasskeyLoginHttpContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADA = "ada@example.org";

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase();

  private ServiceOnDatabase service;
  private ApiClient api;
  private String origin;
  private SoftwarePasskey passkey;

  @BeforeEach
  void start() {
    service = ServiceOnDatabase.start(newDatabase());
    api = service.running.client;
    origin = "http://localhost:" + service.running.service.port();
    passkey = new SoftwarePasskey(origin);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void aPasskeyLogsInAsAPasswordLoginDoesWithBothFactors() {
    registered(ADA, passkey);

    JsonNode options = loginOptions();
    assertThat(options.get("rpId").asText()).isEqualTo("localhost");
    assertThat(options.get("userVerification").asText()).isEqualTo("required");
    assertThat(options.path("allowCredentials")).isEmpty();
    Reply login = logIn(passkey.authenticate(options));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).isEqualTo(Map.of("email", ADA, "message", "logged in"));
    JsonNode whoami = api.get("/sessions/whoami", session(login.sessionId())).json();
    assertThat(whoami.get("user").get("email").asText()).isEqualTo(ADA);
    assertThat(whoami.get("session").get("amr").toString()).contains("hwk").contains("mfa");
  }

  @Test
  void aReplayedAnswerIsRefused() {
    registered(ADA, passkey);
    String answer = passkey.authenticate(loginOptions());
    assertThat(logIn(answer).status()).isEqualTo(200);

    assertRefused(logIn(answer));
  }

  @Test
  void aCounterThatDidNotGrowIsRefused() {
    registered(ADA, passkey);
    String earlier = passkey.authenticate(loginOptions());
    String later = passkey.authenticate(loginOptions());
    assertThat(logIn(later).status()).isEqualTo(200);

    assertRefused(logIn(earlier));
  }

  @Test
  void aWrongOriginIsRefused() {
    registered(ADA, passkey);

    assertRefused(logIn(passkey.on("http://evil.example").authenticate(loginOptions())));
    assertThat(logIn(passkey.authenticate(loginOptions())).status())
        .as("the same passkey on the service's origin")
        .isEqualTo(200);
  }

  @Test
  void aUserHandleThatIsNotTheOwnersIsRefused() {
    registered(ADA, passkey);
    String bobsId = registered("bob@example.org", new SoftwarePasskey(origin));
    ObjectNode answer = (ObjectNode) json(passkey.authenticate(loginOptions()));
    ((ObjectNode) answer.get("response"))
        .put(
            "userHandle",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(bobsId.getBytes(StandardCharsets.UTF_8)));

    assertRefused(logIn(answer.toString()));
  }

  @Test
  void aRemovedPasskeyNoLongerLogsIn() {
    String token = registeredSession(ADA, passkey);
    String id =
        api.get("/profile/passkeys", session(token))
            .json()
            .get("passkeys")
            .get(0)
            .get("id")
            .asText();
    assertThat(api.delete("/profile/passkeys/" + id, session(token)).status()).isEqualTo(200);

    assertRefused(logIn(passkey.authenticate(loginOptions())));
  }

  @Test
  void aMalformedTruncatedOrOversizedAnswerIsThe401OrA400NeverA500() {
    registered(ADA, passkey);
    String answer = passkey.authenticate(loginOptions());
    ObjectNode oversized = (ObjectNode) json(answer);
    oversized.put("padding", "A".repeat(20_000));

    assertRefused(logIn("{}"));
    assertRefused(logIn(oversized.toString()));
    Reply truncated =
        api.sendJson(
            "POST",
            "/sessions/passkey",
            "{\"credential\": " + answer.substring(0, answer.length() / 2));
    assertThat(truncated.status()).isEqualTo(400);
    assertThat(api.postForm("/sessions/passkey", Map.of("credential", "x")).status())
        .isEqualTo(415);
  }

  @Test
  void optionsForTheSecondStepPreferUserVerificationAndJunkPurposeIs400() {
    JsonNode second = loginOptions("second_step");
    JsonNode login = loginOptions("login");

    assertThat(second.get("userVerification").asText()).isEqualTo("preferred");
    assertThat(second.path("allowCredentials")).isEmpty();
    assertThat(second.get("rpId").asText()).isEqualTo("localhost");
    assertThat(login.get("userVerification").asText()).isEqualTo("required");
    Reply junk = api.sendJson("POST", "/sessions/passkey/options", "{\"purpose\": \"everything\"}");
    assertThat(junk.status()).isEqualTo(400);
    assertThat(junk.body()).isEqualTo(Map.of("message", "purpose must be login or second_step"));
    assertThat(
            api.sendJson("POST", "/sessions/passkey/options", "{\"purpose\": {\"a\": 1}}").status())
        .isEqualTo(400);
  }

  @Test
  void aTotpUserLogsInWithThePasswordAndTheirPasskeyInPlaceOfTheCode() {
    String token = registeredSession(ADA, passkey);
    enableTotp(token);
    Reply withoutCode = api.postForm("/sessions", Map.of("email", ADA, "password", "pwd"));
    assertThat(withoutCode.status()).isEqualTo(401);
    assertThat(withoutCode.body()).isEqualTo(Map.of("message", "one-time code required"));

    Reply login = secondStep(ADA, "pwd", passkey.authenticate(loginOptions("second_step")));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).isEqualTo(Map.of("email", ADA, "message", "logged in"));
    JsonNode whoami = api.get("/sessions/whoami", session(login.sessionId())).json();
    assertThat(whoami.get("user").get("email").asText()).isEqualTo(ADA);
    assertThat(whoami.get("session").get("amr").toString()).isEqualTo("[\"pwd\",\"hwk\",\"mfa\"]");
    Reply forToken =
        api.postForm(
            "/sessions/token",
            Map.of(
                "email",
                ADA,
                "password",
                "pwd",
                "passkey",
                passkey.authenticate(loginOptions("second_step"))));
    assertThat(forToken.status()).as("the JSON text in a form field").isEqualTo(200);
    assertThat(forToken.json().get("session_token").asText()).isNotEmpty();
    assertThat(forToken.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void anotherUsersPasskeyIsRefusedAndCountsAsAFailedLogin() {
    enableTotp(registeredSession(ADA, passkey));
    SoftwarePasskey bobs = new SoftwarePasskey(origin);
    registered("bob@example.org", bobs);
    String bobsAnswer = bobs.authenticate(loginOptions("second_step"));

    for (int i = 0; i < 10; i++) {
      assertRefused(secondStep(ADA, "pwd", bobsAnswer));
    }

    Reply own = secondStep(ADA, "pwd", passkey.authenticate(loginOptions("second_step")));
    assertThat(own.status()).as("ten refused passkeys throttle the account").isEqualTo(429);
    assertThat(logIn(bobsAnswer).status())
        .as("bob's answer was never used up: it still logs bob in")
        .isEqualTo(200);
  }

  @Test
  void aReplayedSecondStepIsRefused() {
    enableTotp(registeredSession(ADA, passkey));
    String answer = passkey.authenticate(loginOptions("second_step"));
    assertThat(secondStep(ADA, "pwd", answer).status()).isEqualTo(200);

    assertRefused(secondStep(ADA, "pwd", answer));
  }

  @Test
  void aPasskeyWithoutUserVerificationIsASecondStepButNoPasswordlessLogin() {
    enableTotp(registeredSession(ADA, passkey));

    assertRefused(logIn(passkey.authenticateWithoutVerification(loginOptions("login"))));
    Reply second =
        secondStep(
            ADA, "pwd", passkey.authenticateWithoutVerification(loginOptions("second_step")));
    assertThat(second.status()).isEqualTo(200);
  }

  @Test
  void aWrongPasswordWithAValidPasskeyIsTheWrongPassword401AndLeavesTheChallengeLive() {
    enableTotp(registeredSession(ADA, passkey));
    String answer = passkey.authenticate(loginOptions("second_step"));

    Reply wrong = secondStep(ADA, "guess", answer);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(Map.of("message", "wrong email or password"));
    assertThat(secondStep(ADA, "pwd", answer).status())
        .as("the passkey was not looked at: its challenge is still live")
        .isEqualTo(200);
  }

  @Test
  void aCodeAndAPasskeyTogetherAre400() {
    enableTotp(registeredSession(ADA, passkey));
    ObjectNode body = JSON.createObjectNode().put("email", ADA).put("password", "pwd");
    body.put("otp", "123456");
    body.set("passkey", json(passkey.authenticate(loginOptions("second_step"))));

    Reply both = api.sendJson("POST", "/sessions", body.toString());
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.body()).isEqualTo(Map.of("message", "give otp or passkey, not both"));
    assertThat(both.headers("Set-Cookie")).isEmpty();
    ObjectNode otpObject = JSON.createObjectNode().put("email", ADA).put("password", "pwd");
    otpObject.set("otp", json(passkey.authenticate(loginOptions("second_step"))));
    Reply objectOtp = api.sendJson("POST", "/sessions", otpObject.toString());
    assertThat(objectOtp.status()).as("only passkey may be an object").isEqualTo(400);
    assertThat(objectOtp.body()).isEqualTo(Map.of("message", "otp must be a string"));
  }

  @Test
  void aUserWithoutTotpMayGiveTheirPasskeyAndItMustVerify() {
    registered(ADA, passkey);
    SoftwarePasskey bobs = new SoftwarePasskey(origin);
    registered("bob@example.org", bobs);

    assertRefused(secondStep(ADA, "pwd", bobs.authenticate(loginOptions("second_step"))));
    Reply own = secondStep(ADA, "pwd", passkey.authenticate(loginOptions("second_step")));
    assertThat(own.status()).isEqualTo(200);
    JsonNode whoami = api.get("/sessions/whoami", session(own.sessionId())).json();
    assertThat(whoami.get("session").get("amr").toString()).isEqualTo("[\"pwd\",\"hwk\",\"mfa\"]");
  }

  /** {@code POST /sessions} as JSON, {@code passkey} the object of {@code credential.toJSON()}. */
  private Reply secondStep(String email, String password, String answer) {
    ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password);
    body.set("passkey", json(answer));
    return api.sendJson("POST", "/sessions", body.toString());
  }

  private JsonNode loginOptions(String purpose) {
    Reply reply = api.postForm("/sessions/passkey/options", Map.of("purpose", purpose));
    assertThat(reply.status()).isEqualTo(200);
    return reply.json().get("publicKey");
  }

  /** Turns TOTP on for the user of {@code token}. */
  private void enableTotp(String token) {
    TotpOn.enable(api, "pwd", Instant.now(), session(token));
  }

  private JsonNode loginOptions() {
    Reply reply = api.post("/sessions/passkey/options");
    assertThat(reply.status()).isEqualTo(200);
    return reply.json().get("publicKey");
  }

  private Reply logIn(String credential) {
    return api.sendJson("POST", "/sessions/passkey", "{\"credential\": " + credential + "}");
  }

  /** Registers {@code email} with a passkey of {@code authenticator}; returns the user's id. */
  private String registered(String email, SoftwarePasskey authenticator) {
    String token = registeredSession(email, authenticator);
    return api.get("/sessions/whoami", session(token)).json().get("user").get("id").asText();
  }

  private String registeredSession(String email, SoftwarePasskey authenticator) {
    String token = signUp(email);
    Reply options = api.post("/profile/passkeys/options", session(token));
    String body =
        "{\"credential\": "
            + authenticator.register(options.json().get("publicKey"))
            + ", \"name\": \"Laptop\"}";
    assertThat(api.sendJson("POST", "/profile/passkeys", body, session(token)).status())
        .isEqualTo(201);
    return token;
  }

  private String signUp(String email) {
    assertThat(api.postForm("/users", Map.of("email", email, "password", "pwd")).status())
        .isEqualTo(200);
    return api.postForm("/sessions", Map.of("email", email, "password", "pwd")).sessionId();
  }

  private static void assertRefused(Reply reply) {
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEqualTo(Map.of("message", "passkey not accepted"));
    assertThat(reply.headers("Set-Cookie")).isEmpty();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
