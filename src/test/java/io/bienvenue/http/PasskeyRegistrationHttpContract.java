package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.SoftwarePasskey;
import io.bienvenue.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registering passkeys from a live session over the real server, with webauthn4j's software
 * authenticator, on the database a subclass gives: the options, the verification of the answer
 * (challenge used once and only by its user, origin exactly, relying party id, no cross-origin
 * frame, nothing tampered), the list that shows no key material, and removal.
 */
abstract class PasskeyRegistrationHttpContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADA = "ada@example.org";
  private static final String BOB = "bob@example.org";

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase();

  private final MutableClock clock = MutableClock.startingNow();
  private ServiceOnDatabase service;
  private ApiClient api;
  private String origin;

  @BeforeEach
  void start() {
    service = ServiceOnDatabase.start(newDatabase(), clock);
    api = service.running.client;
    origin = "http://localhost:" + service.running.service.port();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void theOptionsAreWebAuthnJsonForThisUserAndThisRelyingParty() {
    String ada = signUp(ADA);

    Reply reply = api.post("/profile/passkeys/options", session(ada));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Cache-Control")).hasValue("no-store");
    JsonNode options = reply.json().get("publicKey");
    assertThat(options.get("rp").get("id").asText()).isEqualTo("localhost");
    assertThat(options.get("user").get("name").asText()).isEqualTo(ADA);
    assertThat(Base64.getUrlDecoder().decode(options.get("user").get("id").asText()))
        .as("the user's stable public id")
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(whoamiId(ada));
    assertThat(Base64.getUrlDecoder().decode(options.get("challenge").asText())).hasSize(32);
    assertThat(options.get("authenticatorSelection").get("residentKey").asText())
        .isEqualTo("required");
    assertThat(options.get("authenticatorSelection").get("userVerification").asText())
        .isEqualTo("preferred");
    assertThat(options.get("attestation").asText()).isEqualTo("none");
    assertThat(options.get("timeout").asLong()).isEqualTo(300_000);
    assertThat(options.get("pubKeyCredParams").get(0).get("alg").asInt()).isEqualTo(-7);
    assertThat(options.get("excludeCredentials")).isEmpty();
  }

  @Test
  void aRegisteredPasskeyIsListedWithoutKeyMaterialAndExcludedFromTheNextOptions() {
    String ada = signUp(ADA);
    SoftwarePasskey laptop = new SoftwarePasskey(origin);

    Reply added = add(ada, laptop.register(options(ada)), "Laptop");

    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json().get("message").asText()).isEqualTo("passkey added");
    String id = added.json().get("passkey").get("id").asText();
    Reply list = api.get("/profile/passkeys", session(ada));
    assertThat(list.status()).isEqualTo(200);
    JsonNode passkeys = list.json().get("passkeys");
    assertThat(passkeys).hasSize(1);
    assertThat(passkeys.get(0).get("id").asText()).isEqualTo(id);
    assertThat(passkeys.get(0).get("name").asText()).isEqualTo("Laptop");
    assertThat(passkeys.get(0).has("created_at")).isTrue();
    assertThat(passkeys.get(0).has("last_used_at")).as("never used yet").isFalse();
    assertThat(fieldNames(passkeys.get(0))).containsOnly("id", "name", "created_at");
    JsonNode excluded = options(ada).get("excludeCredentials");
    assertThat(excluded).hasSize(1);
    assertThat(excluded.get(0).get("type").asText()).isEqualTo("public-key");
  }

  @Test
  void aReplayedAnswerIsRefused() {
    String ada = signUp(ADA);
    String credential = new SoftwarePasskey(origin).register(options(ada));
    assertThat(add(ada, credential, "Laptop").status()).isEqualTo(201);

    Reply replayed = add(ada, credential, "Again");

    assertRefused(replayed);
    assertThat(api.get("/profile/passkeys", session(ada)).json().get("passkeys")).hasSize(1);
  }

  @Test
  void anotherUsersChallengeIsRefusedAndStaysTheirs() {
    String ada = signUp(ADA);
    String bob = signUp(BOB);
    JsonNode adasOptions = options(ada);
    String answer = new SoftwarePasskey(origin).register(adasOptions);

    assertRefused(add(bob, answer, "Stolen"));

    assertThat(api.get("/profile/passkeys", session(bob)).json().get("passkeys")).isEmpty();
    assertThat(add(ada, answer, "Mine").status()).as("still Ada's to use").isEqualTo(201);
  }

  @Test
  void aWrongOriginIsRefused() {
    String ada = signUp(ADA);

    assertRefused(add(ada, new SoftwarePasskey("http://evil.example").register(options(ada)), "X"));
    assertRefused(
        add(
            ada,
            new SoftwarePasskey("http://localhost:1" + service.running.service.port())
                .register(options(ada)),
            "X"));
    assertThat(api.get("/profile/passkeys", session(ada)).json().get("passkeys")).isEmpty();
  }

  @Test
  void aWrongRelyingPartyIdIsRefused() {
    String ada = signUp(ADA);

    String answer = new SoftwarePasskey(origin).registerFor(options(ada), "evil.example");

    assertRefused(add(ada, answer, "X"));
  }

  @Test
  void anAnswerFromACrossOriginFrameIsRefused() {
    String ada = signUp(ADA);

    String answer = new SoftwarePasskey(origin, "http://evil.example").register(options(ada));

    assertRefused(add(ada, answer, "X"));
  }

  @Test
  void aTamperedTruncatedOrOversizedAnswerIsRefusedWithoutA500() {
    String ada = signUp(ADA);
    SoftwarePasskey passkey = new SoftwarePasskey(origin);

    ObjectNode tampered = answer(passkey, ada);
    String attestation = tampered.get("response").get("attestationObject").asText();
    ((ObjectNode) tampered.get("response"))
        .put("attestationObject", flipCharacter(attestation, 54));
    ObjectNode otherType = answer(passkey, ada);
    String clientData =
        new String(
            Base64.getUrlDecoder().decode(otherType.get("response").get("clientDataJSON").asText()),
            StandardCharsets.UTF_8);
    ((ObjectNode) otherType.get("response"))
        .put(
            "clientDataJSON",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    clientData
                        .replace("webauthn.create", "webauthn.get")
                        .getBytes(StandardCharsets.UTF_8)));
    ObjectNode truncated = answer(passkey, ada);
    String whole = truncated.get("response").get("attestationObject").asText();
    ((ObjectNode) truncated.get("response"))
        .put("attestationObject", whole.substring(0, whole.length() / 2));
    ObjectNode oversized = answer(passkey, ada);
    oversized.put("padding", "A".repeat(20_000));

    assertRefused(add(ada, tampered.toString(), "X"));
    assertRefused(add(ada, otherType.toString(), "X"));
    assertRefused(add(ada, truncated.toString(), "X"));
    assertRefused(add(ada, oversized.toString(), "X"));
    assertThat(
            api.sendJson("POST", "/profile/passkeys", "{\"credential\": {", session(ada)).status())
        .isEqualTo(400);
    assertThat(
            api.sendJson(
                    "POST",
                    "/profile/passkeys",
                    "{\"credential\": \"x\", \"name\": \"X\"}",
                    session(ada))
                .status())
        .isEqualTo(400);
    assertThat(api.get("/profile/passkeys", session(ada)).json().get("passkeys")).isEmpty();
    assertThat(add(ada, answer(passkey, ada).toString(), "Untouched").status())
        .as("the same authenticator's untouched answer")
        .isEqualTo(201);
  }

  @Test
  void theRoutesNeedASession() {
    assertThat(api.post("/profile/passkeys/options").status()).isEqualTo(403);
    assertThat(api.get("/profile/passkeys").status()).isEqualTo(403);
    assertThat(api.delete("/profile/passkeys/abc").status()).isEqualTo(403);
  }

  @Test
  void removingTakesAFreshLoginOrThePassword() {
    String ada = signUp(ADA);
    String first = addedId(ada, "First");
    String second = addedId(ada, "Second");

    Reply fresh = api.delete("/profile/passkeys/" + first, session(ada));
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.json().get("message").asText()).isEqualTo("passkey removed");

    clock.advance(Duration.ofMinutes(6));
    Reply stale = api.delete("/profile/passkeys/" + second, session(ada));
    assertThat(stale.status()).as("an older login needs the password").isEqualTo(403);
    Reply wrong =
        api.sendJson(
            "DELETE", "/profile/passkeys/" + second, "{\"password\": \"nope\"}", session(ada));
    assertThat(wrong.status()).isEqualTo(403);
    Reply right =
        api.sendJson(
            "DELETE", "/profile/passkeys/" + second, "{\"password\": \"pwd\"}", session(ada));
    assertThat(right.status()).isEqualTo(200);
    assertThat(api.get("/profile/passkeys", session(ada)).json().get("passkeys")).isEmpty();
  }

  @Test
  void anotherUsersPasskeyIsUnknown() {
    String ada = signUp(ADA);
    String bob = signUp(BOB);
    String adas = addedId(ada, "Laptop");

    Reply reply = api.delete("/profile/passkeys/" + adas, session(bob));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("message").asText()).isEqualTo("no such passkey");
    assertThat(api.get("/profile/passkeys", session(ada)).json().get("passkeys")).hasSize(1);
  }

  private String signUp(String email) {
    assertThat(api.postForm("/users", Map.of("email", email, "password", "pwd")).status())
        .isEqualTo(200);
    return api.postForm("/sessions", Map.of("email", email, "password", "pwd")).sessionId();
  }

  private String whoamiId(String token) {
    return api.get("/sessions/whoami", session(token)).json().get("user").get("id").asText();
  }

  private JsonNode options(String token) {
    Reply reply = api.post("/profile/passkeys/options", session(token));
    assertThat(reply.status()).isEqualTo(200);
    return reply.json().get("publicKey");
  }

  private Reply add(String token, String credential, String name) {
    ObjectNode body = JSON.createObjectNode();
    body.set("credential", json(credential));
    body.put("name", name);
    return api.sendJson("POST", "/profile/passkeys", body.toString(), session(token));
  }

  private ObjectNode answer(SoftwarePasskey passkey, String token) {
    return (ObjectNode) json(passkey.register(options(token)));
  }

  private String addedId(String token, String name) {
    Reply added = add(token, new SoftwarePasskey(origin).register(options(token)), name);
    assertThat(added.status()).isEqualTo(201);
    return added.json().get("passkey").get("id").asText();
  }

  private static void assertRefused(Reply reply) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).isEqualTo("passkey not accepted");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.util.List<String> fieldNames(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String flipCharacter(String base64url, int index) {
    char flipped = base64url.charAt(index) == 'A' ? 'B' : 'A';
    return base64url.substring(0, index) + flipped + base64url.substring(index + 1);
  }
}
