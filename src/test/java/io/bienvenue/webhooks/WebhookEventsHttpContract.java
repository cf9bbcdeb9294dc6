package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bienvenue.Administration;
import io.bienvenue.AuthServices;
import io.bienvenue.auth.AuthEvents;
import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.WebhookEvent;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.importing.Importer;
import io.bienvenue.oauth.RelyingParty;
import io.bienvenue.store.Database;
import io.bienvenue.store.DuplicateEmailException;
import io.bienvenue.store.StoredWebhookDelivery;
import io.bienvenue.store.StoredWebhookEndpoint;
import io.bienvenue.store.Stores;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.AdminKeyFixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.SoftwarePasskey;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.TotpOn;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook events the service writes, over the real server, on the database a subclass gives:
 * each change the API makes leaves one delivery per endpoint that wants its event, with the
 * Standard Webhooks payload, the user's public id and email and nothing secret; a refused change
 * leaves none. Delivery itself is {@code WebhookDispatcher}'s, tested apart.
 */
abstract class WebhookEventsHttpContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WebhookSettings NO_DELIVERY =
      new WebhookSettings(
          Duration.ofDays(1),
          WebhookSettings.DEFAULTS.connectTimeout(),
          WebhookSettings.DEFAULTS.requestTimeout(),
          WebhookSettings.DEFAULTS.concurrency(),
          WebhookSettings.DEFAULTS.retries(),
          Set.of());
  private static final String PASSWORD = "pwd-of-ada-long";
  private static final String NEW_PASSWORD = "the-new-pwd-of-ada";
  private static final String ADA = "ada@example.org";

  /** A data field whose name says it holds a secret. */
  private static final Pattern SECRET_NAME = Pattern.compile("password|token|hash|secret|code");

  private ServiceOnDatabase service;
  private ApiClient api;
  private Database database;
  private WebhookDeliveryStore deliveries;
  private Stores stores;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    // The service's own dispatcher would race this test's claims for the rows it checks: it is
    // told to wait a day between rounds.
    service = ServiceOnDatabase.start(newDatabase(), config -> config.webhooks(NO_DELIVERY));
    api = service.running.client;
    database = Database.open(service.database.location(), 1);
    deliveries = new WebhookDeliveryStore(database.jdbi());
    stores = Stores.on(database, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (database != null) {
      database.close();
    }
    if (service != null) {
      service.close();
    }
  }

  /** Registers an endpoint straight in the store: what it wants matters here, not its secret. */
  private void endpoint(String id, Optional<List<String>> events) {
    Instant now = Instant.now();
    new WebhookEndpointStore(database.jdbi())
        .add(
            new StoredWebhookEndpoint(
                id, "https://" + id + ".example/hook", events, "not-opened-here", now, now));
  }

  /**
   * Every delivery written so far, in the order a dispatcher gets them: claimed and marked
   * delivered, round after round, since a user's later events wait for the earlier ones.
   */
  private List<StoredWebhookDelivery> written() {
    List<StoredWebhookDelivery> all = new ArrayList<>();
    Instant later = Instant.now().plusSeconds(3600);
    List<StoredWebhookDelivery> round;
    while (!(round = deliveries.claimDue(later, Duration.ofSeconds(1), 1000)).isEmpty()) {
      for (StoredWebhookDelivery delivery : round) {
        deliveries.markDelivered(delivery.id(), later);
        all.add(delivery);
      }
    }
    return all;
  }

  private static JsonNode payload(StoredWebhookDelivery delivery) throws Exception {
    return JSON.readTree(delivery.payload());
  }

  private String publicIdOf(String[] session) {
    return api.get("/sessions/whoami", session).header("X-Bienvenue-User-Id").orElseThrow();
  }

  private String[] registerAndLogIn(String email) {
    assertThat(api.postForm("/users", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
    ApiClient.Reply login = api.postForm("/sessions", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.sessionCookie();
  }

  @Test
  void aRegistrationAndALoginAreEachOneEventWithTheUsersPublicIdAndNoSecret() throws Exception {
    endpoint("all", Optional.empty());

    String[] session = registerAndLogIn("ada@example.org");

    List<StoredWebhookDelivery> events = written();
    assertThat(events)
        .extracting(StoredWebhookDelivery::eventType)
        .containsExactly("user.created", "session.created");
    String publicId = publicIdOf(session);
    JsonNode created = payload(events.get(0));
    assertThat(created.path("type").asText()).isEqualTo("user.created");
    assertThat(Instant.parse(created.path("timestamp").asText())).isBefore(Instant.now());
    assertThat(created.path("data").path("user_id").asText()).isEqualTo(publicId);
    assertThat(created.path("data").path("email").asText()).isEqualTo("ada@example.org");
    assertThat(created.path("data").path("source").asText()).isEqualTo("registration");
    assertThat(created.path("data").path("email_verified").asBoolean()).isTrue();
    JsonNode session0 = payload(events.get(1)).path("data");
    assertThat(session0.path("user_id").asText()).isEqualTo(publicId);
    assertThat(session0.path("amr").toString()).isEqualTo("[\"pwd\"]");
    assertThat(events).allSatisfy(e -> assertThat(e.userKey()).isEqualTo(publicId));
    assertThat(events).allSatisfy(e -> assertThat(e.messageId()).startsWith("msg_"));
    assertThat(events.get(0).messageId()).isNotEqualTo(events.get(1).messageId());
    for (StoredWebhookDelivery event : events) {
      assertThat(event.payload()).doesNotContain(PASSWORD).doesNotContain(session[1]);
      assertThat(event.payload().toLowerCase()).doesNotContain("hash").doesNotContain("$2");
    }
  }

  @Test
  void anEndpointGetsOnlyTheEventsItWantsAndEveryEndpointTheSameId() throws Exception {
    endpoint("all", Optional.empty());
    endpoint("signups", Optional.of(List.of("user.created")));

    registerAndLogIn("ada@example.org");

    List<StoredWebhookDelivery> events = written();
    assertThat(events)
        .extracting(e -> e.endpointId() + ":" + e.eventType())
        .containsExactlyInAnyOrder(
            "all:user.created", "signups:user.created", "all:session.created");
    assertThat(events.stream().filter(e -> e.eventType().equals("user.created")))
        .extracting(StoredWebhookDelivery::messageId)
        .containsOnly(events.get(0).messageId());
  }

  @Test
  void aRefusedRegistrationOrLoginWritesNoEvent() {
    registerAndLogIn("ada@example.org");
    endpoint("all", Optional.empty());

    assertThat(
            api.postForm("/users", Map.of("email", "ADA@example.org", "password", PASSWORD))
                .status())
        .isEqualTo(400);
    assertThat(
            api.postForm("/sessions", Map.of("email", "ada@example.org", "password", "wrong"))
                .status())
        .isEqualTo(401);

    assertThat(written()).isEmpty();
  }

  @Test
  void withNoEndpointNothingIsWritten() {
    registerAndLogIn("ada@example.org");

    assertThat(written()).isEmpty();
  }

  // The events of every other change, each with a refused attempt that writes nothing.

  /**
   * The operator's commands over the service's database, wired as {@code ./bienvenue} wires them.
   */
  private Administration admin() {
    return Administration.open(
        service.database.location(), 4, PasswordPolicy.development(), Clock.systemUTC());
  }

  private String publicIdOf(String email) {
    return stores.users().findByEmail(email).orElseThrow().publicId();
  }

  /**
   * The data of the one event written since the last look, after checking its type, that it is
   * about the user {@code publicId} with {@code email}, and that it carries no secret: none of
   * {@code secrets}, no bcrypt hash, no field named like a secret.
   */
  private JsonNode onlyEvent(String type, String publicId, String email, String... secrets)
      throws Exception {
    List<StoredWebhookDelivery> events = written();
    assertThat(events).extracting(StoredWebhookDelivery::eventType).containsExactly(type);
    StoredWebhookDelivery event = events.get(0);
    assertThat(event.userKey()).isEqualTo(publicId);
    JsonNode body = payload(event);
    assertThat(body.path("type").asText()).isEqualTo(type);
    JsonNode data = body.path("data");
    assertThat(data.path("user_id").asText()).isEqualTo(publicId);
    assertThat(data.path("email").asText()).isEqualTo(email);
    for (String secret : secrets) {
      assertThat(event.payload()).doesNotContain(secret);
    }
    assertThat(event.payload()).doesNotContain("$2");
    assertThat(fieldNames(data)).noneMatch(name -> SECRET_NAME.matcher(name).find());
    return data;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean refused(ApiClient.Reply reply) {
    return reply.status() >= 400 && reply.status() < 500;
  }

  /** A well-formed token that is nobody's. */
  private static String someToken() {
    return new Tokens(new SecureRandom()).newToken();
  }

  /**
   * Adds the unverified user {@code email} (as a registration where verification is required does)
   * and returns the token of the verification link mailed to them.
   */
  private String unverifiedWithLink(String email) {
    stores.users().addUser(email, "unused", false);
    SecureRandom random = new SecureRandom();
    try (PasswordHasher hasher = new PasswordHasher(4, 1, 4, random)) {
      AuthServices wired =
          AuthServices.wire(
              stores,
              hasher,
              new Tokens(random),
              TestSecrets.box(),
              ProductionConfigs.authSettings(
                  new EmailVerification(true, Duration.ofHours(24)),
                  new MailLimits(5, 5, Duration.ofHours(1))),
              AuthEvents.NONE,
              Clock.systemUTC());
      return wired.mailLinks().verificationLink(email).orElseThrow().token();
    }
  }

  @Test
  void aVerificationLinkIsOneEventAndAWrongTokenNone() throws Exception {
    String token = unverifiedWithLink(ADA);
    endpoint("all", Optional.empty());

    assertThat(refused(api.postForm("/verify_email", Map.of("email", ADA, "token", someToken()))))
        .isTrue();
    assertThat(written()).isEmpty();
    assertThat(api.postForm("/verify_email", Map.of("email", ADA, "token", token)).status())
        .isEqualTo(200);

    JsonNode data = onlyEvent("user.email_verified", publicIdOf(ADA), ADA, token);
    assertThat(data.path("how").asText()).isEqualTo("link");
    assertThat(refused(api.postForm("/verify_email", Map.of("email", ADA, "token", token))))
        .as("the link used up")
        .isTrue();
    assertThat(written()).isEmpty();
  }

  @Test
  void anOperatorsVerificationIsOneEventAndAVerifiedAddressNone() throws Exception {
    unverifiedWithLink(ADA);
    endpoint("all", Optional.empty());

    try (Administration admin = admin()) {
      assertThat(admin.users().verifyEmail(ADA)).isTrue();
      assertThat(onlyEvent("user.email_verified", publicIdOf(ADA), ADA).path("how").asText())
          .isEqualTo("operator");
      assertThat(admin.users().verifyEmail(ADA)).as("verified already").isFalse();
    }
    assertThat(written()).isEmpty();
  }

  @Test
  void aPasswordChangeIsOneEventAndAWrongCurrentPasswordNone() throws Exception {
    String[] session = registerAndLogIn(ADA);
    endpoint("all", Optional.empty());

    assertThat(
            refused(
                api.sendForm(
                    "PUT",
                    "/profile/password",
                    Map.of("current_password", "not-the-pwd-of-ada", "new_password", NEW_PASSWORD),
                    session)))
        .isTrue();
    assertThat(written()).isEmpty();
    assertThat(
            api.sendForm(
                    "PUT",
                    "/profile/password",
                    Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD),
                    session)
                .status())
        .isEqualTo(200);

    JsonNode data =
        onlyEvent("user.password_changed", publicIdOf(ADA), ADA, PASSWORD, NEW_PASSWORD);
    assertThat(data.path("how").asText()).isEqualTo("change");
  }

  @Test
  void aPasswordResetIsOneEventAndABadTokenNone() throws Exception {
    registerAndLogIn(ADA);
    endpoint("all", Optional.empty());
    String token =
        api.postForm("/reset_password", Map.of("email", ADA)).json().path("reset_token").asText();

    assertThat(
            refused(
                api.sendForm(
                    "PUT",
                    "/reset_password",
                    Map.of(
                        "email", ADA, "reset_token", someToken(), "new_password", NEW_PASSWORD))))
        .isTrue();
    assertThat(written()).isEmpty();
    assertThat(
            api.sendForm(
                    "PUT",
                    "/reset_password",
                    Map.of("email", ADA, "reset_token", token, "new_password", NEW_PASSWORD))
                .status())
        .isEqualTo(200);

    JsonNode data = onlyEvent("user.password_changed", publicIdOf(ADA), ADA, token, NEW_PASSWORD);
    assertThat(data.path("how").asText()).isEqualTo("reset");
  }

  @Test
  void turningTwoStepLoginOnAndOffIsOneEventEachAndWrongCodesNone() throws Exception {
    String[] session = registerAndLogIn(ADA);
    endpoint("all", Optional.empty());
    String publicId = publicIdOf(ADA);
    Instant enrolled = Instant.now().minus(Authenticator.STEP);
    String pending =
        api.postForm("/profile/totp", Map.of("password", PASSWORD), session)
            .json()
            .path("secret")
            .asText();
    String wrong = Authenticator.code(pending, enrolled.plus(Duration.ofHours(1)));

    assertThat(refused(api.sendForm("PUT", "/profile/totp", Map.of("code", wrong), session)))
        .isTrue();
    assertThat(written()).isEmpty();
    String secret = TotpOn.enable(api, PASSWORD, enrolled, session);
    JsonNode on = onlyEvent("user.two_factor_enabled", publicId, ADA, secret);
    assertThat(fieldNames(on)).containsExactly("user_id", "email");

    assertThat(
            refused(
                api.sendForm(
                    "DELETE",
                    "/profile/totp",
                    Map.of(
                        "password",
                        PASSWORD,
                        "code",
                        Authenticator.code(secret, enrolled.plus(Duration.ofHours(1)))),
                    session)))
        .isTrue();
    assertThat(written()).isEmpty();
    String code = Authenticator.code(secret, Instant.now());
    assertThat(
            api.sendForm(
                    "DELETE", "/profile/totp", Map.of("password", PASSWORD, "code", code), session)
                .status())
        .isEqualTo(200);
    JsonNode off = onlyEvent("user.two_factor_disabled", publicId, ADA, secret, PASSWORD);
    assertThat(off.path("by").asText()).isEqualTo("user");
  }

  @Test
  void anOperatorsSecondFactorResetIsOneEventAndAUserWithoutOneNone() throws Exception {
    String[] session = registerAndLogIn(ADA);
    TotpOn.enable(api, PASSWORD, Instant.now(), session);
    endpoint("all", Optional.empty());

    try (Administration admin = admin()) {
      assertThat(admin.users().resetTotp(ADA).hadSecondFactor()).isTrue();
      assertThat(onlyEvent("user.two_factor_disabled", publicIdOf(ADA), ADA).path("by").asText())
          .isEqualTo("operator");
      assertThat(admin.users().resetTotp(ADA).hadSecondFactor()).isFalse();
    }
    assertThat(written()).isEmpty();
  }

  @Test
  void disablingAndEnablingAreOneEventEachAndRepeatingThemNone() throws Exception {
    registerAndLogIn(ADA);
    endpoint("all", Optional.empty());
    String publicId = publicIdOf(ADA);

    try (Administration admin = admin()) {
      admin.users().disable(ADA);
      assertThat(onlyEvent("user.disabled", publicId, ADA).path("by").asText())
          .isEqualTo("operator");
      admin.users().disable(ADA);
      assertThat(api.postForm("/sessions", Map.of("email", ADA, "password", PASSWORD)).status())
          .as("a disabled user's login")
          .isEqualTo(403);
      assertThat(written()).as("disabled already, and no session").isEmpty();

      admin.users().enable(ADA);
      assertThat(onlyEvent("user.enabled", publicId, ADA).path("by").asText())
          .isEqualTo("operator");
      admin.users().enable(ADA);
    }
    assertThat(written()).as("enabled already").isEmpty();
  }

  @Test
  void aUserDeletingTheirAccountIsOneEventAndAWrongPasswordNone() throws Exception {
    String[] session = registerAndLogIn(ADA);
    endpoint("all", Optional.empty());
    String publicId = publicIdOf(ADA);

    assertThat(
            refused(
                api.sendForm(
                    "DELETE", "/profile", Map.of("password", "not-the-pwd-of-ada"), session)))
        .isTrue();
    assertThat(written()).isEmpty();
    assertThat(api.sendForm("DELETE", "/profile", Map.of("password", PASSWORD), session).status())
        .isEqualTo(200);

    assertThat(onlyEvent("user.deleted", publicId, ADA, PASSWORD).path("by").asText())
        .isEqualTo("user");
    assertThat(stores.users().findByEmail(ADA)).isEmpty();
  }

  @Test
  void anOperatorDeletingAUserIsOneEventAndAnUnknownEmailNone() throws Exception {
    registerAndLogIn(ADA);
    endpoint("all", Optional.empty());
    String publicId = publicIdOf(ADA);

    try (Administration admin = admin()) {
      assertThatThrownBy(() -> admin.users().delete("nobody@example.org"))
          .isInstanceOf(UnknownEmailException.class);
      assertThat(written()).isEmpty();
      admin.users().delete(ADA);
    }

    assertThat(onlyEvent("user.deleted", publicId, ADA).path("by").asText()).isEqualTo("operator");
    assertThat(stores.users().findByEmail(ADA)).isEmpty();
  }

  private JsonNode passkeyOptions(String[] session) {
    ApiClient.Reply reply = api.post("/profile/passkeys/options", session);
    assertThat(reply.status()).isEqualTo(200);
    return reply.json().get("publicKey");
  }

  private ApiClient.Reply addPasskey(String[] session, String credential, String name)
      throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.set("credential", JSON.readTree(credential));
    body.put("name", name);
    return api.sendJson("POST", "/profile/passkeys", body.toString(), session);
  }

  @Test
  void addingAndRemovingAPasskeyAreOneEventEachAndRefusedOnesNone() throws Exception {
    String[] session = registerAndLogIn(ADA);
    endpoint("all", Optional.empty());
    String publicId = publicIdOf(ADA);
    String origin = "http://localhost:" + service.running.service.port();

    String foreign = new SoftwarePasskey("http://evil.example").register(passkeyOptions(session));
    assertThat(refused(addPasskey(session, foreign, "Laptop"))).isTrue();
    assertThat(written()).isEmpty();
    String credential = new SoftwarePasskey(origin).register(passkeyOptions(session));
    ApiClient.Reply added = addPasskey(session, credential, "Laptop");
    assertThat(added.status()).isEqualTo(201);
    String id = added.json().path("passkey").path("id").asText();

    JsonNode data = onlyEvent("user.passkey_added", publicId, ADA);
    assertThat(fieldNames(data)).containsOnly("user_id", "email", "passkey_id", "name");
    assertThat(data.path("passkey_id").asText()).isEqualTo(id);
    assertThat(data.path("name").asText()).isEqualTo("Laptop");
    assertThat(api.delete("/profile/passkeys/" + someToken(), session).status()).isEqualTo(404);
    assertThat(written()).isEmpty();
    assertThat(api.delete("/profile/passkeys/" + id, session).status()).isEqualTo(200);

    JsonNode removed = onlyEvent("user.passkey_removed", publicId, ADA);
    assertThat(removed.path("passkey_id").asText()).isEqualTo(id);
    assertThat(removed.path("name").asText()).isEqualTo("Laptop");
  }

  @Test
  void anOperatorRemovingAPasskeyIsOneEvent() throws Exception {
    String[] session = registerAndLogIn(ADA);
    String origin = "http://localhost:" + service.running.service.port();
    String credential = new SoftwarePasskey(origin).register(passkeyOptions(session));
    String id = addPasskey(session, credential, "Phone").json().path("passkey").path("id").asText();
    endpoint("all", Optional.empty());

    try (Administration admin = admin()) {
      assertThatThrownBy(() -> admin.users().removePasskey(ADA, someToken()))
          .isInstanceOf(RuntimeException.class);
      assertThat(written()).isEmpty();
      admin.users().removePasskey(ADA, id);
    }

    JsonNode removed = onlyEvent("user.passkey_removed", publicIdOf(ADA), ADA);
    assertThat(removed.path("passkey_id").asText()).isEqualTo(id);
    assertThat(removed.path("name").asText()).isEqualTo("Phone");
  }

  @Test
  void aConsentGivenAndTakenBackAreOneEventEachAndARefusalNone() throws Exception {
    String[] session = registerAndLogIn(ADA);
    RelyingParty wiki = RelyingParty.registerNeedingConsent(service.database.location(), "Wiki");
    String clientId = wiki.clientId().getValue();
    endpoint("all", Optional.empty());
    String publicId = publicIdOf(ADA);

    ApiClient.Reply denied =
        wiki.answerConsent(api, session, new CodeVerifier(), service.base(), "deny");
    assertThat(denied.json().path("redirect_to").asText()).contains("error=access_denied");
    assertThat(written()).isEmpty();
    wiki.authorizeWithConsent(api, session, new CodeVerifier(), service.base());

    JsonNode granted = onlyEvent("oidc.consent_granted", publicId, ADA);
    assertThat(fieldNames(granted)).containsOnly("user_id", "email", "client_id", "scopes");
    assertThat(granted.path("client_id").asText()).isEqualTo(clientId);
    assertThat(granted.path("scopes").toString()).isEqualTo("[\"openid\",\"email\"]");
    assertThat(api.delete("/profile/apps/not-an-app-of-ada", session).status()).isEqualTo(404);
    assertThat(written()).isEmpty();
    assertThat(api.delete("/profile/apps/" + clientId, session).status()).isEqualTo(204);

    JsonNode revoked = onlyEvent("oidc.consent_revoked", publicId, ADA);
    assertThat(revoked.path("client_id").asText()).isEqualTo(clientId);
    assertThat(revoked.path("scopes").toString()).isEqualTo("[\"openid\",\"email\"]");
  }

  @Test
  void anOperatorsUserAddIsAUserCreatedFromTheOperator() throws Exception {
    endpoint("all", Optional.empty());

    try (Administration admin = admin()) {
      admin.auth().registerUser(ADA, PASSWORD);
    }

    JsonNode data = onlyEvent("user.created", publicIdOf(ADA), ADA, PASSWORD);
    assertThat(data.path("source").asText()).isEqualTo("operator");
  }

  @Test
  void eachImportedUserIsAUserCreatedFromTheImportAndADryRunWritesNone() throws Exception {
    String hash = "$2b$04$" + "abcdefghijklmnopqrstuv" + "abcdefghijklmnopqrstuvwxyz01234";
    Path csv = Files.createTempFile("whemit-import", ".csv");
    try {
      Files.writeString(
          csv,
          String.join("\n", ADA + "," + hash, "bob@example.org,not-a-hash") + "\n",
          StandardCharsets.UTF_8);
      endpoint("all", Optional.empty());

      Importer.fromCsv(csv, service.database.location(), true, 12);
      assertThat(written()).as("a dry run").isEmpty();
      Importer.fromCsv(csv, service.database.location(), false, 12);

      JsonNode data = onlyEvent("user.created", publicIdOf(ADA), ADA, hash);
      assertThat(data.path("source").asText()).isEqualTo("import");
      assertThat(data.path("email_verified").asBoolean()).isTrue();
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  @Test
  void anEventWrittenInAChangeThatRollsBackIsGoneWithIt() {
    endpoint("all", Optional.empty());
    WebhookEvents events =
        WebhookEvents.over(stores, new Tokens(new SecureRandom()), Clock.systemUTC());

    assertThatThrownBy(
            () ->
                stores
                    .transactor()
                    .inTransaction(
                        () -> {
                          User added = stores.users().addUser(ADA, "unused");
                          events.record(WebhookEvent.USER_CREATED, added);
                          // The same email again: the insert fails and the transaction rolls back.
                          return stores.users().addUser("ADA@example.org", "unused");
                        }))
        .isInstanceOf(DuplicateEmailException.class);

    assertThat(stores.users().findByEmail(ADA)).isEmpty();
    assertThat(written()).isEmpty();
  }

  @Test
  void usersTheAdminApiCreatesOrInvitesAreUserCreatedEventsFromTheOperator() throws Exception {
    endpoint("all", Optional.empty());
    String key = AdminKeyFixture.add(service.database.location(), "ops-console");
    ApiClient admin = ApiClient.admin("http://127.0.0.1:" + service.running.service.adminPort());

    assertThat(
            admin
                .sendJson(
                    "POST",
                    "/admin/v1/users",
                    "{\"email\": \"ada@example.org\", \"password\": \"" + PASSWORD + "\"}",
                    AdminKeyFixture.bearer(key))
                .status())
        .isEqualTo(201);
    assertThat(
            admin
                .sendJson(
                    "POST",
                    "/admin/v1/users",
                    "{\"email\": \"bob@example.org\", \"invite\": true}",
                    AdminKeyFixture.bearer(key))
                .status())
        .isEqualTo(201);

    List<StoredWebhookDelivery> events = written();
    assertThat(events)
        .extracting(StoredWebhookDelivery::eventType)
        .containsExactly("user.created", "user.created");
    assertThat(events)
        .extracting(e -> payload(e).path("data").path("email").asText())
        .containsExactly("ada@example.org", "bob@example.org");
    for (StoredWebhookDelivery event : events) {
      assertThat(payload(event).path("data").path("source").asText()).isEqualTo("operator");
      assertThat(event.payload()).doesNotContain(PASSWORD).doesNotContain(key);
    }
  }
}
