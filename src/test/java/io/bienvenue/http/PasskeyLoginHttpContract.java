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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
