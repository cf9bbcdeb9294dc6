package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.Administration;
import io.bienvenue.AuthServices;
import io.bienvenue.OAuthServices;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.MailLink;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.ResetDelivery;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.http.edge.AllowedHosts;
import io.bienvenue.http.edge.CrossSiteTrust;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.oauth.NewClient;
import io.bienvenue.oauth.OpenIdProvider;
import io.bienvenue.oauth.RegisteredClient;
import io.bienvenue.store.StoreFailures;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.OpenApiContract;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.SoftwarePasskey;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.TestServices;
import io.bienvenue.testing.TotpOn;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document served at {@code /openapi.json} against the API as implemented: the routes
 * registered in the app, every status each route gives with the exact fields of its body and its
 * headers, and the fields each request must carry. A route, status, field or header added or
 * changed on one side only fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data";
  private static final String JSON_TYPE = "application/json";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String PASSWORD = "b4l0u";
  private static final String STRONG = "Qm7#vL2pXw9!tR4zK8";
  private static final AuthSettings PRODUCTION =
      new AuthSettings(
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          PasswordPolicy.production(15),
          ResetDelivery.BY_EMAIL);
  private static final String FORGED_TOKEN = "A".repeat(43);
  private static final Duration TOTP_STEP = Duration.ofSeconds(30);
  private static final String CALLBACK = "https://app.example.org/cb";

  /**
   * Documented statuses that no case here can produce in-process, each with the reason. Every other
   * documented status of every operation must be produced by a case below.
   */
  private static final Map<String, String> UNPRODUCIBLE =
      Map.of(
          "GET / 500", "a bug: the route reads nothing that could fail",
          "GET /openapi.json 500", "a bug: the route serves bytes read at startup",
          "GET /.well-known/openid-configuration 500",
              "a bug: the route reads only the issuer, in memory",
          "GET /oauth/jwks 500",
              "a bug: the keys are read at startup and kept through a database outage");

  /**
   * The routes of the web pages, which the document leaves out: they answer HTML, CSS and
   * JavaScript for browsers, not JSON, and are no API for clients to call or generate code from.
   * The pages themselves call the documented API. {@code GET /ui/return} is one of them: the 302
   * the pages navigate to when they are done, for a browser to follow, never JSON. {@code
   * WebPagesTest}, {@code ReturnToHttpTest} and {@code BrowserTest} test them.
   */
  private static final Set<String> WEB_PAGES =
      Set.of("GET /ui", "GET /ui/return", "GET /ui/{page}", "GET /ui/assets/{file}");

  /** The operations whose bodies are no form of required string fields. */
  private static final Set<String> PASSKEY_BODIES =
      Set.of(
          "POST /profile/passkeys",
          "DELETE /profile/passkeys/{id}",
          "POST /sessions/passkey",
          "POST /sessions/passkey/options");

  @TempDir static Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private final Set<String> produced = new TreeSet<>();
  private RunningService running;
  private ApiClient api;
  private Auth verifyingAuth;
  private MailLinks verifyingLinks;
  private ApiClient verifying;
  private byte[] resource;
  private JsonNode document;
  private final OpenApiContract contract = OpenApiContract.document();
  private final Set<String> matchedBranches = new TreeSet<>();
  private int nextEmail;

  @BeforeAll
  void start() throws IOException {
    try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
      assertThat(in).as("the resource %s", OpenApiDocument.RESOURCE).isNotNull();
      resource = in.readAllBytes();
    }
    document = JSON.readTree(resource);
    running = new RunningService(folder, clock);
    opened.push(running);
    api = running.client;
    TestServices services = new TestServices(newFolder("production"), clock, Lifetimes.DEFAULTS);
    opened.push(services);
    AuthServices wired =
        services.wire(
            PRODUCTION.withVerification(new EmailVerification(true, Duration.ofHours(24))));
    verifyingAuth = wired.auth();
    verifyingLinks = wired.mailLinks();
    verifying = started(services, verifyingAuth, settings(true, StoreFailures::isOutage));
  }

  @AfterAll
  void stop() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void theDocumentServedIsTheResourceAndAnOpenApiDocument() {
    Reply reply = api.get("/openapi.json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(JSON_TYPE));
    assertThat(reply.raw().body()).isEqualTo(new String(resource, StandardCharsets.UTF_8));
    JsonNode served = reply.json();
    assertThat(served.path("openapi").asText()).startsWith("3.");
    assertThat(served.path("info").path("title").asText()).isEqualTo("Bienvenue");
    assertThat(served.path("info").path("version").isTextual()).isTrue();
    assertThat(served.path("paths").isObject()).isTrue();
  }

  @Test
  void theDocumentIsValidOpenApi3() {
    assertThat(contract.documentProblems()).as("swagger-parser's findings").isEmpty();
  }

  /**
   * A reply's schema with properties says whether other fields may appear, so that a field added to
   * a reply is a decision the document records.
   */
  @Test
  void everyReplySchemaWithPropertiesSaysWhetherOtherFieldsMayAppear() {
    List<String> unsaid = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String operation : operations()) {
      String responses = pointer(operation) + "/responses";
      collectUnsaid(document.at(responses), responses, seen, unsaid);
    }
    assertThat(unsaid).as("reply schemas without additionalProperties").isEmpty();
  }

  @Test
  void theRoutesRegisteredInTheAppAreTheOperationsDocumented() throws IOException {
    try (TestServices services = new TestServices(newFolder("routes"), clock, Lifetimes.DEFAULTS)) {
      Javalin app =
          HttpApp.create(
              services.auth,
              Optional.of(provider(services, services.auth)),
              settings(false, e -> false));

      Set<String> registered =
          app.unsafe.internalRouter.allHttpHandlers().stream()
              .map(parsed -> parsed.endpoint)
              .filter(endpoint -> endpoint.method.isHttpMethod())
              .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
              .collect(Collectors.toCollection(TreeSet::new));
      // A HEAD runs its GET's handler (HeadRequestTest); OpenAPI documents the GET.
      Set<String> heads = new TreeSet<>(registered);
      heads.removeIf(route -> !route.startsWith("HEAD "));
      registered.removeAll(heads);
      Set<String> gets = new TreeSet<>(registered);
      gets.removeIf(route -> !route.startsWith("GET "));
      assertThat(heads)
          .as("a HEAD for every GET, and no other")
          .isEqualTo(
              gets.stream()
                  .map(route -> "HEAD " + route.substring(4))
                  .collect(Collectors.toCollection(TreeSet::new)));
      Set<String> pages = new TreeSet<>(registered);
      pages.removeIf(route -> !isWebPage(route));
      registered.removeAll(pages);

      assertThat(pages).as("the web pages, left out").isEqualTo(WEB_PAGES);
      assertThat(registered).isEqualTo(operations());
    }
  }

  @Test
  void everyStatusGivenIsDocumentedWithItsFieldsAndHeadersAndEveryDocumentedOneIsGiven()
      throws IOException {
    driveEveryRouteInDevelopment();
    driveTheOpenIdProvider();
    driveAppsWithAccess();
    driveTheLogout();
    driveAResetRequestInProduction();
    driveEmailVerificationInProduction();
    driveLoginByEmailCode();
    driveEveryRouteOverAClosedDatabase();
    driveEveryRouteUnderAnotherHost();

    Set<String> documented = new TreeSet<>();
    for (String operation : operations()) {
      names(operation(operation).path("responses"))
          .forEach(s -> documented.add(operation + " " + s));
    }
    Set<String> neverGiven = new TreeSet<>(documented);
    neverGiven.removeAll(produced);
    neverGiven.removeAll(UNPRODUCIBLE.keySet());
    assertThat(neverGiven).as("documented statuses no case produced").isEmpty();
    assertThat(documented).as("unproducible statuses").containsAll(UNPRODUCIBLE.keySet());
    assertThat(produced)
        .as("unproducible statuses")
        .doesNotContainAnyElementsOf(UNPRODUCIBLE.keySet());
    assertThat(matchedBranches)
        .as("oneOf branches some real body matched")
        .isEqualTo(contract.branches());
  }

  @Test
  void theRequiredFieldsOfEachOperationAreTheOnesItsHandlerDemands() {
    for (String operation : operationsWithABody()) {
      if (PASSKEY_BODIES.contains(operation)) {
        // A JSON object member (the browser's credential) or an optional password: shapes a form
        // of required string fields cannot say; drivePasskeys and the passkey contracts test them.
        continue;
      }
      if (operation.contains(" /oauth/")) {
        // The OAuth endpoints take a URL-encoded form only (RFC 6749 §3.2), and answer a missing
        // parameter with the protocol's error, which driveTheOpenIdProvider checks.
        continue;
      }
      Content content = requestContent(operation);
      assertThat(content.keySet())
          .as("%s media types", operation)
          .containsExactlyInAnyOrder(FORM, MULTIPART, JSON_TYPE);
      List<String> required = requiredFields(content, FORM);
      assertThat(required).as("%s required fields", operation).isNotEmpty();
      for (String mediaType : List.of(FORM, MULTIPART, JSON_TYPE)) {
        assertThat(requiredFields(content, mediaType))
            .as("%s required fields in %s", operation, mediaType)
            .isEqualTo(required);

        Valid valid = valid(operation, required);
        Map<String, String> fields = valid.fields();
        Reply complete = send(client(operation), mediaType, operation, fields, valid.headers());
        assertThat(complete.status())
            .as("%s in %s with just %s: %s", operation, mediaType, required, complete.raw().body())
            .isEqualTo(200);
        for (String missing : required) {
          Map<String, String> without = new LinkedHashMap<>(fields);
          without.remove(missing);
          Reply refused = send(client(operation), mediaType, operation, without, valid.headers());
          assertThat(refused.status())
              .as("%s in %s without %s", operation, mediaType, missing)
              .isEqualTo(400);
          assertThat(refused.body()).isEqualTo(Map.of("message", missing + " is required"));
        }
      }
    }
  }

  /** Every route of the service started by its composition root, in development mode. */
  private void driveEveryRouteInDevelopment() {
    for (String operation : operations()) {
      observe(operation, request(api, operation, Map.of(), "X-HTTP-Method-Override", "DELETE"));
      if (!operation.startsWith("GET ")) {
        observe(operation, request(api, operation, Map.of(), "Origin", "https://evil.example"));
      }
    }
    for (String operation : operationsWithABody()) {
      observe(operation, request(api, operation, Map.of()));
      observe(operation, request(api, operation, Map.of("padding", "p".repeat(100_000))));
      String[] methodAndPath = operation.replaceAll("\\{[a-z_]+}", "A".repeat(22)).split(" ", 2);
      observe(operation, api.send(methodAndPath[0], methodAndPath[1], "text/plain", "email=a@b.c"));
    }

    String email = newEmail();
    Map<String, String> credentials = Map.of("email", email, "password", PASSWORD);
    observe("GET /", api.get("/"));
    observe("GET /openapi.json", api.get("/openapi.json"));
    observe("POST /users", api.postForm("/users", credentials));
    observe("POST /users", api.postForm("/users", credentials));
    Reply login = observe("POST /sessions", api.postForm("/sessions", credentials));
    String wrongEmail = newEmail();
    for (int i = 0; i <= ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      observe(
          "POST /sessions",
          api.postForm("/sessions", Map.of("email", wrongEmail, "password", "x")));
    }
    observe("GET /profile", api.get("/profile", session(login.sessionId())));
    observe("GET /profile", api.get("/profile"));
    observe("GET /sessions/whoami", api.get("/sessions/whoami", session(login.sessionId())));
    observe("GET /sessions/whoami", api.get("/sessions/whoami"));
    Reply bearer = observe("POST /sessions/token", api.postForm("/sessions/token", credentials));
    observe(
        "GET /sessions/whoami",
        api.get(
            "/sessions/whoami",
            "Authorization",
            "Bearer " + bearer.json().path("session_token").asText()));
    observe(
        "POST /sessions/token",
        api.postForm("/sessions/token", Map.of("email", newEmail(), "password", "x")));
    observe(
        "POST /sessions/token",
        api.postForm("/sessions/token", Map.of("email", wrongEmail, "password", "x")));
    driveMySessions(email, login.sessionId());
    driveAPasswordChange();
    driveAnAccountDeletion();
    driveTwoFactorLogin();
    drivePasskeys();
    observe("DELETE /sessions", api.delete("/sessions", session(login.sessionId())));
    observe("DELETE /sessions", api.delete("/sessions", session(login.sessionId())));
    Reply reset =
        observe("POST /reset_password", api.postForm("/reset_password", Map.of("email", email)));
    observe("POST /reset_password", api.postForm("/reset_password", Map.of("email", newEmail())));
    Map<String, String> update =
        Map.of(
            "email",
            email,
            "reset_token",
            reset.json().path("reset_token").asText(),
            "new_password",
            "n3w");
    observe("PUT /reset_password", api.sendForm("PUT", "/reset_password", update));
    observe("PUT /reset_password", api.sendForm("PUT", "/reset_password", update));
  }

  /**
   * Every route of an app that answers only for auth.example.org, asked at 127.0.0.1: the 421 of a
   * name that is not the service's (HostHeaderTest replays the rebinding itself).
   */
  private void driveEveryRouteUnderAnotherHost() throws IOException {
    TestServices services = new TestServices(newFolder("hosts"), clock, Lifetimes.DEFAULTS);
    opened.push(services);
    HttpSettings onlyPublic =
        new HttpSettings(
            true,
            "__Host-session_id",
            List.of(),
            e -> false,
            new SimpleMeterRegistry(),
            true,
            AllowedHosts.of(List.of("auth.example.org")),
            0,
            0,
            ReturnTo.ownOnly(),
            CrossSiteTrust.NONE);
    ApiClient client = started(services, services.auth, onlyPublic);
    for (String operation : operations()) {
      observe(operation, request(client, operation, Map.of("email", newEmail())));
    }
  }

  /** Listing the sessions of {@code email}, logged in with {@code token}, and ending one. */
  private void driveMySessions(String email, String token) {
    Map<String, String> credentials = Map.of("email", email, "password", PASSWORD);
    String other = api.postForm("/sessions", credentials, "User-Agent", "Other/1").sessionId();
    observe("GET /sessions", api.get("/sessions"));
    Reply listed = observe("GET /sessions", api.get("/sessions", session(other)));
    String otherId = listed.json().path("sessions").get(0).path("id").asText();
    observe("DELETE /sessions/{id}", api.delete("/sessions/" + otherId, session(token)));
    observe("DELETE /sessions/{id}", api.delete("/sessions/" + otherId, session(token)));
    observe("DELETE /sessions/{id}", api.delete("/sessions/" + otherId));
  }

  /** A password change: done, refused for a wrong password, then throttled. */
  private void driveAPasswordChange() {
    String[] cookie = newSignedInUser();
    String operation = "PUT /profile/password";
    Map<String, String> change = Map.of("current_password", PASSWORD, "new_password", PASSWORD);
    observe(operation, api.sendForm("PUT", "/profile/password", change, cookie));
    observe(operation, api.sendForm("PUT", "/profile/password", change));
    Map<String, String> wrong = Map.of("current_password", "wrong", "new_password", "x");
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      observe(operation, api.sendForm("PUT", "/profile/password", wrong, cookie));
    }
    observe(operation, api.sendForm("PUT", "/profile/password", wrong, cookie));
  }

  /**
   * Passkeys: options, a registration with the software authenticator, its replay refused, the
   * list, removal of an unknown and of the passkey, the challenge cap, and a wrong password until
   * throttled.
   */
  private void drivePasskeys() {
    String options = "POST /profile/passkeys/options";
    String add = "POST /profile/passkeys";
    String list = "GET /profile/passkeys";
    String remove = "DELETE /profile/passkeys/{id}";
    String[] cookie = newSignedInUser();
    SoftwarePasskey passkey = new SoftwarePasskey("http://localhost:" + running.service.port());
    observe(options, api.post("/profile/passkeys/options"));
    JsonNode publicKey =
        observe(options, api.post("/profile/passkeys/options", cookie)).json().get("publicKey");
    String body = "{\"credential\": " + passkey.register(publicKey) + ", \"name\": \"Laptop\"}";
    Reply added = observe(add, api.sendJson("POST", "/profile/passkeys", body, cookie));
    assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
    assertThat(observe(add, api.sendJson("POST", "/profile/passkeys", body, cookie)).status())
        .isEqualTo(400);
    observe(add, api.sendJson("POST", "/profile/passkeys", body));
    observe(
        add,
        api.sendJson(
            "POST", "/profile/passkeys", "{\"padding\": \"" + "p".repeat(100_000) + "\"}", cookie));
    observe(list, api.get("/profile/passkeys", cookie));
    observe(list, api.get("/profile/passkeys"));
    String id = added.json().path("passkey").path("id").asText();
    observe(remove, api.sendJson("DELETE", "/profile/passkeys/unknown", "{}", cookie));
    assertThat(observe(remove, api.delete("/profile/passkeys/" + id, cookie)).status())
        .isEqualTo(200);
    Reply capped = null;
    for (int i = 0; i <= 5; i++) {
      capped = observe(options, api.post("/profile/passkeys/options", cookie));
    }
    assertThat(capped.status()).isEqualTo(429);

    String[] other = newSignedInUser();
    String wrong = "{\"credential\": {}, \"name\": \"X\", \"password\": \"wrong\"}";
    observe(add, api.sendJson("POST", "/profile/passkeys", wrong, other));
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      observe(
          remove,
          api.sendJson("DELETE", "/profile/passkeys/x", "{\"password\": \"wrong\"}", other));
    }
    observe(add, api.sendJson("POST", "/profile/passkeys", wrong, other));

    drivePasskeySecondStep();
    drivePasskeyLogin();
  }

  /**
   * A passkey as the second step after a password: the options for it (and a junk purpose, a body
   * of another type, an oversized one), a login with the password and the passkey on {@code POST
   * /sessions} and {@code POST /sessions/token}, a replayed one, and both {@code otp} and {@code
   * passkey}.
   */
  private void drivePasskeySecondStep() {
    SoftwarePasskey passkey = new SoftwarePasskey("http://localhost:" + running.service.port());
    String options = "POST /sessions/passkey/options";
    String email = newEmail();
    Map<String, String> credentials = Map.of("email", email, "password", PASSWORD);
    api.postForm("/users", credentials);
    String[] cookie = session(api.postForm("/sessions", credentials).sessionId());
    JsonNode creation = api.post("/profile/passkeys/options", cookie).json().get("publicKey");
    String registration = "{\"credential\": " + passkey.register(creation) + ", \"name\": \"Key\"}";
    assertThat(api.sendJson("POST", "/profile/passkeys", registration, cookie).status())
        .isEqualTo(201);
    TotpOn.enable(api, PASSWORD, clock.instant(), cookie);
    Map<String, String> secondStep = Map.of("purpose", "second_step");
    observe(options, api.postForm("/sessions/passkey/options", Map.of("purpose", "junk")));
    observe(options, api.send("POST", "/sessions/passkey/options", "text/plain", "purpose"));
    observe(
        options,
        api.sendJson(
            "POST", "/sessions/passkey/options", "{\"padding\": \"" + "p".repeat(100_000) + "\"}"));
    String answer =
        passkey.authenticate(
            observe(options, api.postForm("/sessions/passkey/options", secondStep))
                .json()
                .get("publicKey"));
    Map<String, String> withPasskey = new HashMap<>(credentials);
    withPasskey.put("passkey", answer);
    assertThat(observe("POST /sessions", api.postForm("/sessions", withPasskey)).status())
        .isEqualTo(200);
    assertThat(observe("POST /sessions", api.postForm("/sessions", withPasskey)).status())
        .as("replayed")
        .isEqualTo(401);
    withPasskey.put(
        "passkey",
        passkey.authenticate(
            api.postForm("/sessions/passkey/options", secondStep).json().get("publicKey")));
    assertThat(
            observe("POST /sessions/token", api.postForm("/sessions/token", withPasskey)).status())
        .isEqualTo(200);
    withPasskey.put("otp", "123456");
    assertThat(observe("POST /sessions", api.postForm("/sessions", withPasskey)).status())
        .isEqualTo(400);
  }

  /**
   * Passwordless login: a passkey registered and logged in with, an answer refused, malformed and
   * oversized bodies, refusals until throttled, and the options until the address's cap.
   */
  private void drivePasskeyLogin() {
    SoftwarePasskey passkey = new SoftwarePasskey("http://localhost:" + running.service.port());
    String options = "POST /sessions/passkey/options";
    String login = "POST /sessions/passkey";
    String[] cookie = newSignedInUser();
    JsonNode creation =
        observe("POST /profile/passkeys/options", api.post("/profile/passkeys/options", cookie))
            .json()
            .get("publicKey");
    String registration =
        "{\"credential\": " + passkey.register(creation) + ", \"name\": \"Phone\"}";
    observe(
        "POST /profile/passkeys", api.sendJson("POST", "/profile/passkeys", registration, cookie));
    JsonNode request =
        observe(options, api.post("/sessions/passkey/options")).json().get("publicKey");
    String answer = "{\"credential\": " + passkey.authenticate(request) + "}";
    assertThat(observe(login, api.sendJson("POST", "/sessions/passkey", answer)).status())
        .isEqualTo(200);
    assertThat(observe(login, api.sendJson("POST", "/sessions/passkey", answer)).status())
        .as("replayed")
        .isEqualTo(401);
    observe(login, api.sendJson("POST", "/sessions/passkey", "{\"credential\": {"));
    observe(
        login,
        api.sendJson(
            "POST", "/sessions/passkey", "{\"padding\": \"" + "p".repeat(100_000) + "\"}"));
    Reply throttled = null;
    for (int i = 0; i <= ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      throttled = observe(login, api.sendJson("POST", "/sessions/passkey", "{\"credential\": {}}"));
    }
    assertThat(throttled.status()).isEqualTo(429);
    Reply capped = null;
    for (int i = 0; i <= 20; i++) {
      capped = observe(options, api.post("/sessions/passkey/options"));
    }
    assertThat(capped.status()).isEqualTo(429);
  }

  /** An account deletion: refused for a wrong password until throttled, then done. */
  private void driveAnAccountDeletion() {
    String[] cookie = newSignedInUser();
    String operation = "DELETE /profile";
    Map<String, String> wrong = Map.of("password", "wrong");
    for (int i = 0; i <= ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      observe(operation, api.sendForm("DELETE", "/profile", wrong, cookie));
    }
    String[] otherCookie = newSignedInUser();
    observe(
        operation, api.sendForm("DELETE", "/profile", Map.of("password", PASSWORD), otherCookie));
  }

  /**
   * Two-factor login: enrolment, confirmation, logins without, with a wrong and with a right code,
   * turning it off, and each refusal of the state it is in, of a wrong password and of throttling.
   */
  private void driveTwoFactorLogin() {
    String email = newEmail();
    Map<String, String> credentials = Map.of("email", email, "password", PASSWORD);
    api.postForm("/users", credentials);
    String[] cookie = session(api.postForm("/sessions", credentials).sessionId());
    observe("GET /profile/totp", api.get("/profile/totp"));
    observe("GET /profile/totp", api.get("/profile/totp", cookie));
    Map<String, String> password = Map.of("password", PASSWORD);
    observe("POST /profile/totp", api.postForm("/profile/totp", password));
    observe("POST /profile/totp", api.postForm("/profile/totp", Map.of(), cookie));
    observe(
        "POST /profile/totp", api.postForm("/profile/totp", Map.of("password", "wrong"), cookie));
    observe("PUT /profile/totp", api.sendForm("PUT", "/profile/totp", Map.of("code", "1"), cookie));
    String secret =
        observe("POST /profile/totp", api.postForm("/profile/totp", password, cookie))
            .json()
            .path("secret")
            .asText();
    observe("PUT /profile/totp", api.sendForm("PUT", "/profile/totp", Map.of("code", "1"), cookie));
    Map<String, String> confirm = Map.of("code", Authenticator.code(secret, clock.instant()));
    observe("PUT /profile/totp", api.sendForm("PUT", "/profile/totp", confirm, cookie));
    observe("POST /profile/totp", api.postForm("/profile/totp", password, cookie));
    observe("POST /sessions", api.postForm("/sessions", credentials));
    Map<String, String> withCode = new LinkedHashMap<>(credentials);
    withCode.put("otp", Authenticator.code(secret, clock.instant().plus(TOTP_STEP)));
    observe("POST /sessions", api.postForm("/sessions", withCode));
    observe("POST /sessions", api.postForm("/sessions", withCode));

    String operation = "DELETE /profile/totp";
    Map<String, String> wrongCode = Map.of("password", PASSWORD, "code", "000000x");
    observe(operation, api.sendForm("DELETE", "/profile/totp", wrongCode, cookie));
    String fresh = Authenticator.code(secret, clock.instant().minus(TOTP_STEP));
    observe(
        operation,
        api.sendForm(
            "DELETE", "/profile/totp", Map.of("password", PASSWORD, "code", fresh), cookie));
    clock.advance(TOTP_STEP.multipliedBy(2));
    Map<String, String> off =
        Map.of("password", PASSWORD, "code", Authenticator.code(secret, clock.instant()));
    observe(operation, api.sendForm("DELETE", "/profile/totp", off, cookie));
    observe(operation, api.sendForm("DELETE", "/profile/totp", off, cookie));
    Map<String, String> wrongPassword = Map.of("password", "wrong", "code", "123456");
    for (int i = 0; i <= ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      observe(operation, api.sendForm("DELETE", "/profile/totp", wrongPassword, cookie));
    }
    observe(
        "POST /profile/totp", api.postForm("/profile/totp", Map.of("password", "wrong"), cookie));
    observe("PUT /profile/totp", api.sendForm("PUT", "/profile/totp", Map.of("code", "1"), cookie));
  }

  /** Registers a new user with {@link #PASSWORD}, logs in, and returns the session's cookie. */
  private String[] newSignedInUser() {
    Map<String, String> credentials = Map.of("email", newEmail(), "password", PASSWORD);
    assertThat(api.postForm("/users", credentials).status()).isEqualTo(200);
    return session(api.postForm("/sessions", credentials).sessionId());
  }

  /** In production a reset request is answered alike for known and unknown emails. */
  private void driveAResetRequestInProduction() {
    String email = newEmail();
    Reply created = verifying.postForm("/users", Map.of("email", email, "password", STRONG));
    assertThat(created.status()).as(created.raw().body()).isEqualTo(200);

    observe("POST /reset_password", verifying.postForm("/reset_password", Map.of("email", email)));
    observe(
        "POST /reset_password", verifying.postForm("/reset_password", Map.of("email", newEmail())));
  }

  /**
   * In production with verification required: the login refused before, the token used once, the
   * resend answered alike, and the limit on mail for one mailbox, shared with the reset request and
   * registration.
   */
  private void driveEmailVerificationInProduction() {
    String email = newEmail();
    Map<String, String> credentials = Map.of("email", email, "password", STRONG);
    assertThat(verifying.postForm("/users", credentials).status()).isEqualTo(200);
    observe("POST /sessions", verifying.postForm("/sessions", credentials));
    Map<String, String> verify =
        Map.of(
            "email",
            email,
            "token",
            verifyingLinks.verificationLink(email).map(MailLink::token).orElseThrow());
    observe("POST /verify_email", verifying.postForm("/verify_email", verify));
    observe("POST /verify_email", verifying.postForm("/verify_email", verify));
    observe("POST /sessions", verifying.postForm("/sessions", credentials));

    Map<String, String> resend = Map.of("email", email);
    for (int i = 0; i < MailLimits.DEFAULTS.perEmail(); i++) {
      observe("POST /verify_email/resend", verifying.postForm("/verify_email/resend", resend));
    }
    observe("POST /verify_email/resend", verifying.postForm("/verify_email/resend", resend));
    observe("POST /reset_password", verifying.postForm("/reset_password", resend));
    observe("POST /sessions/email_code", verifying.postForm("/sessions/email_code", resend));
    // Registration's verification mail counts in the same limits: a 429, taken email or not.
    String tagged = email.replace("@", "+again@");
    observe(
        "POST /users", verifying.postForm("/users", Map.of("email", tagged, "password", STRONG)));
  }

  /**
   * Login by e-mail code: refused in development, which sends no mail; in production a code asked
   * for, used once, a replay refused, then wrong codes until the login throttle answers.
   */
  private void driveLoginByEmailCode() {
    String ask = "POST /sessions/email_code";
    String verify = "POST /sessions/email_code/verify";
    observe(ask, api.postForm("/sessions/email_code", Map.of("email", newEmail())));
    Map<String, String> anyCode = Map.of("email", newEmail(), "code", "12345678");
    observe(verify, api.postForm("/sessions/email_code/verify", anyCode));

    String email = newEmail();
    Map<String, String> credentials = Map.of("email", email, "password", STRONG);
    assertThat(verifying.postForm("/users", credentials).status()).isEqualTo(200);
    observe(ask, verifying.postForm("/sessions/email_code", Map.of("email", email)));
    String code = verifyingLinks.loginCode(email).map(MailLink::token).orElseThrow();
    Map<String, String> login = Map.of("email", email, "code", code);
    observe(verify, verifying.postForm("/sessions/email_code/verify", login));
    for (int i = 0; i <= ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      observe(verify, verifying.postForm("/sessions/email_code/verify", login));
    }
  }

  /**
   * Every route over a database closed under the app: one app takes every failure for an outage
   * (503), the other for a bug (500). Which failures are outages is StoreFailures' business, tested
   * by StoreFailuresTest and DatabaseOutageTest.
   */
  private void driveEveryRouteOverAClosedDatabase() throws IOException {
    TestServices services = new TestServices(newFolder("closed"), clock, Lifetimes.DEFAULTS);
    opened.push(services);
    Auth mailing = services.auth(PRODUCTION);
    List<ApiClient> clients =
        List.of(
            started(services, services.auth, settings(false, e -> true)),
            started(services, services.auth, settings(false, e -> false)));
    // In development a resend touches nothing; in production it counts and queues a mail.
    List<ApiClient> mailingClients =
        List.of(
            started(services, mailing, settings(true, e -> true)),
            started(services, mailing, settings(true, e -> false)));
    services.database.close();

    for (ApiClient client : mailingClients) {
      String operation = "POST /verify_email/resend";
      observe(operation, request(client, operation, Map.of("email", newEmail())));
      observe(
          "POST /sessions/email_code",
          request(client, "POST /sessions/email_code", Map.of("email", newEmail())));
      observe(
          "POST /sessions/email_code/verify",
          request(
              client,
              "POST /sessions/email_code/verify",
              Map.of("email", newEmail(), "code", "12345678")));
    }
    for (ApiClient client : clients) {
      for (String operation : operations()) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", newEmail());
        fields.put("password", PASSWORD);
        fields.put("reset_token", FORGED_TOKEN);
        fields.put("new_password", PASSWORD);
        fields.put("current_password", PASSWORD);
        fields.put("code", "123456");
        fields.put("token", FORGED_TOKEN);
        fields.put("client_id", FORGED_TOKEN);
        fields.put("client_secret", FORGED_TOKEN);
        fields.put("grant_type", "authorization_code");
        observe(operation, request(client, operation, fields, session(FORGED_TOKEN)));
      }
      // The passkey routes take JSON only: a form above is a 415 before any query.
      observe(
          "POST /sessions/passkey",
          client.sendJson("POST", "/sessions/passkey", "{\"credential\": {}}"));
      observe(
          "POST /profile/passkeys",
          client.sendJson(
              "POST",
              "/profile/passkeys",
              "{\"credential\": {}, \"name\": \"X\"}",
              session(FORGED_TOKEN)));
    }
  }

  /**
   * Checks {@code reply} against the document with the library ({@link OpenApiContract}): it
   * answers {@code operation}, its status is listed for it, its body matches the schema of that
   * status and media type, and of the headers the document names anywhere it carries exactly those
   * documented for that status. Records the status as produced and the {@code oneOf} branches its
   * body matched.
   */
  private Reply observe(String operation, Reply reply) {
    assertThat(contract.operation(reply.raw()))
        .as("the operation %s answered %s", operation, reply.raw().request().uri())
        .hasValue(operation);
    contract.check(reply.raw());
    produced.add(operation + " " + reply.status());
    matchedBranches.addAll(contract.branchesMatched(reply.raw()));
    return reply;
  }

  private static boolean isWebPage(String route) {
    String path = route.split(" ", 2)[1];
    return path.equals("/ui") || path.startsWith("/ui/");
  }

  /** The operations of the document, as {@code METHOD /path}. */
  private Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    for (String path : names(document.path("paths"))) {
      for (String method : names(document.path("paths").path(path))) {
        if (HTTP_METHODS.contains(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return operations;
  }

  private List<String> operationsWithABody() {
    return operations().stream().filter(o -> operation(o).has("requestBody")).toList();
  }

  private JsonNode operation(String operation) {
    JsonNode node = document.at(pointer(operation));
    assertThat(node.isObject()).as("%s is documented", operation).isTrue();
    return node;
  }

  private static String pointer(String operation) {
    String[] methodAndPath = operation.split(" ", 2);
    return "/paths/" + escape(methodAndPath[1]) + "/" + methodAndPath[0].toLowerCase(Locale.ROOT);
  }

  /** The media types of the request body of {@code operation}, its references resolved. */
  private Content requestContent(String operation) {
    String[] methodAndPath = operation.split(" ", 2);
    PathItem path = contract.api().getPaths().get(methodAndPath[1]);
    Operation documented =
        path.readOperationsMap().get(PathItem.HttpMethod.valueOf(methodAndPath[0]));
    return documented.getRequestBody().getContent();
  }

  private static List<String> requiredFields(Content content, String mediaType) {
    Schema<?> schema = content.get(mediaType).getSchema();
    List<String> required = schema.getRequired();
    return required == null ? List.of() : required;
  }

  /**
   * Adds to {@code unsaid} the pointer of each schema with properties but no additionalProperties
   * under {@code node}, at {@code at}, following references to nodes not {@code seen} before.
   */
  private void collectUnsaid(JsonNode node, String at, Set<String> seen, List<String> unsaid) {
    if (node.has("$ref")) {
      String target = node.path("$ref").asText().substring(1);
      if (seen.add(target)) {
        collectUnsaid(document.at(target), target, seen, unsaid);
      }
      return;
    }
    if (node.path("properties").isObject() && !node.has("additionalProperties")) {
      unsaid.add(at);
    }
    node.properties()
        .forEach(p -> collectUnsaid(p.getValue(), at + "/" + escape(p.getKey()), seen, unsaid));
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      collectUnsaid(node.get(i), at + "/" + i, seen, unsaid);
    }
  }

  /** {@code name} as one step of a JSON pointer. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /**
   * A request that succeeds: its fields, and the headers that carry its session if it needs one.
   */
  private record Valid(Map<String, String> fields, String... headers) {}

  /**
   * Values with which {@code operation} succeeds, for each of {@code required}: a registered user
   * (unless the operation registers one), its password, a live reset token, and a session of that
   * user if the operation needs one.
   */
  private Valid valid(String operation, List<String> required) {
    String email = newEmail();
    String[] headers = {};
    if (!operation.equals("POST /users")) {
      String password = client(operation) == api ? PASSWORD : STRONG;
      Map<String, String> credentials = Map.of("email", email, "password", password);
      assertThat(client(operation).postForm("/users", credentials).status()).isEqualTo(200);
      if (operation(operation).has("security")) {
        headers = session(api.postForm("/sessions", credentials).sessionId());
      }
    }
    String code = "";
    if (operation.equals("POST /sessions/email_code/verify")) {
      code = verifyingLinks.loginCode(email).map(MailLink::token).orElseThrow();
    }
    if (operation.endsWith(" /profile/totp")) {
      String secret =
          api.postForm("/profile/totp", Map.of("password", PASSWORD), headers)
              .json()
              .path("secret")
              .asText();
      code = Authenticator.code(secret, clock.instant());
      if (operation.startsWith("DELETE ")) {
        assertThat(api.sendForm("PUT", "/profile/totp", Map.of("code", code), headers).status())
            .isEqualTo(200);
        code = Authenticator.code(secret, clock.instant().plus(TOTP_STEP));
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String name : required) {
      switch (name) {
        case "code" -> fields.put(name, code);
        case "email" -> fields.put(name, email);
        case "password", "current_password" -> fields.put(name, PASSWORD);
        case "new_password" -> fields.put(name, "n3w");
        case "token" ->
            fields.put(
                name, verifyingLinks.verificationLink(email).map(MailLink::token).orElseThrow());
        case "reset_token" -> {
          Reply reset = api.postForm("/reset_password", Map.of("email", email));
          fields.put(name, reset.json().path("reset_token").asText());
        }
        default -> fail("no test value for the required field %s of %s", name, operation);
      }
    }
    return new Valid(fields, headers);
  }

  /**
   * {@code operation} with {@code fields} as a form if it takes a body, and no body if not; a path
   * parameter is a well-formed id that names nothing.
   */
  private Reply request(
      ApiClient client, String operation, Map<String, String> fields, String... headers) {
    String[] methodAndPath = operation.replaceAll("\\{[a-z_]+}", "A".repeat(22)).split(" ", 2);
    if (operation(operation).has("requestBody")) {
      return client.sendForm(methodAndPath[0], methodAndPath[1], fields, headers);
    }
    return client.send(methodAndPath[0], methodAndPath[1], null, "", headers);
  }

  /**
   * The service a request of {@code operation} succeeds on: the production one that requires
   * verified emails for {@code POST /verify_email} (where tokens are issued) and login by e-mail
   * code (which needs mail), the development one for every other.
   */
  private ApiClient client(String operation) {
    return operation.equals("POST /verify_email")
            || operation.startsWith("POST /sessions/email_code")
        ? verifying
        : api;
  }

  private static Reply send(
      ApiClient client,
      String mediaType,
      String operation,
      Map<String, String> fields,
      String... headers) {
    String[] methodAndPath = operation.split(" ", 2);
    return switch (mediaType) {
      case FORM -> client.sendForm(methodAndPath[0], methodAndPath[1], fields, headers);
      case MULTIPART -> client.sendMultipart(methodAndPath[0], methodAndPath[1], fields, headers);
      case JSON_TYPE ->
          client.sendJson(methodAndPath[0], methodAndPath[1], toJson(fields), headers);
      default -> throw new IllegalArgumentException(mediaType);
    };
  }

  private static HttpSettings settings(boolean production, Predicate<Throwable> isOutage) {
    return new HttpSettings(
        production,
        production ? "__Host-session_id" : "session_id",
        List.of(),
        isOutage,
        new SimpleMeterRegistry(),
        true);
  }

  /** The app the service builds, with its OpenID Connect provider, over {@code services}. */
  private ApiClient started(TestServices services, Auth auth, HttpSettings settings) {
    Javalin app =
        HttpApp.create(auth, Optional.of(provider(services, auth)), settings).start("127.0.0.1", 0);
    opened.push(app::stop);
    return new ApiClient("http://127.0.0.1:" + app.port());
  }

  /**
   * The provider over {@code services}' database whose people log in through {@code auth}, made as
   * {@code Bienvenue.start} makes it, with its signing keys read (as the service reads them before
   * it listens).
   */
  private OpenIdProvider provider(TestServices services, Auth auth) {
    Stores stores = Stores.on(services.database, clock);
    SecureRandom random = new SecureRandom();
    OAuthServices oauth =
        OAuthServices.wire(stores, TestSecrets.box(), random, clock)
            .withProvider(
                stores,
                auth,
                WebhookEvents.over(stores, new Tokens(random), clock),
                new Tokens(random),
                Lifetimes.DEFAULTS,
                () -> new Issuer("http://127.0.0.1"),
                true,
                clock);
    oauth.signingKeys().ensure();
    return oauth.provider().orElseThrow();
  }

  /**
   * The OpenID Connect provider of the service: discovery and the keys; the authorization
   * endpoint's redirects (to the login page, to the client with a code, to the consent page) and
   * its refusal of an unknown client; the consent page's question and answer; the code exchanged,
   * refused to a wrong secret and replayed; UserInfo with the access token. The 401 of UserInfo
   * without a token comes from the drives every route gets.
   */
  private void driveTheOpenIdProvider() {
    RegisteredClient direct = registered("Wiki", false);
    RegisteredClient asking = registered("Forum", true);
    observe("GET /.well-known/openid-configuration", api.get("/.well-known/openid-configuration"));
    observe("GET /oauth/jwks", api.get("/oauth/jwks"));
    String[] cookie = newSignedInUser();
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> params = authorization(direct, verifier);
    String authorize = "/oauth/authorize?" + ApiClient.urlEncoded(params);
    Reply toLogin = observe("GET /oauth/authorize", api.get(authorize));
    assertThat(toLogin.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/ui/login?"));
    Reply withCode = observe("GET /oauth/authorize", api.get(authorize, cookie));
    String code = parameter(withCode, "code");
    Map<String, String> unknown = new LinkedHashMap<>(params);
    unknown.put("client_id", FORGED_TOKEN);
    observe(
        "GET /oauth/authorize",
        api.get("/oauth/authorize?" + ApiClient.urlEncoded(unknown), cookie));

    Map<String, String> asked = authorization(asking, new CodeVerifier());
    Reply toConsent =
        observe(
            "GET /oauth/authorize",
            api.get("/oauth/authorize?" + ApiClient.urlEncoded(asked), cookie));
    assertThat(toConsent.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/ui/consent?"));
    String clientId = asking.client().clientId();
    observe(
        "GET /oauth/consent",
        api.get(
            "/oauth/consent?"
                + ApiClient.urlEncoded(Map.of("client_id", clientId, "scope", "openid email"))));
    observe("GET /oauth/consent", api.get("/oauth/consent?client_id=" + FORGED_TOKEN));
    Map<String, String> allow = consentAnswer(toConsent);
    Reply allowed = observe("POST /oauth/consent", api.postForm("/oauth/consent", allow, cookie));
    assertThat(allowed.json().path("redirect_to").asText()).contains("code=");
    Map<String, String> refusedConsent = new LinkedHashMap<>(unknown);
    refusedConsent.put("consent", "allow");
    observe("POST /oauth/consent", api.postForm("/oauth/consent", refusedConsent, cookie));
    Reply byPost =
        observe(
            "POST /oauth/authorize",
            api.postForm("/oauth/authorize", authorization(direct, new CodeVerifier()), cookie));
    assertThat(parameter(byPost, "code")).isNotEmpty();
    observe("POST /oauth/authorize", api.postForm("/oauth/authorize", unknown, cookie));

    Map<String, String> exchange =
        Map.of(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            CALLBACK,
            "code_verifier",
            verifier.getValue());
    String clientSecret = direct.secret().orElseThrow();
    observe(
        "POST /oauth/token",
        api.postForm(
            "/oauth/token", exchange, basic(direct.client().clientId(), clientSecret + "x")));
    Reply tokens =
        observe(
            "POST /oauth/token",
            api.postForm(
                "/oauth/token", exchange, basic(direct.client().clientId(), clientSecret)));
    String[] bearer = {"Authorization", "Bearer " + tokens.json().path("access_token").asText()};
    observe("GET /oauth/userinfo", api.get("/oauth/userinfo", bearer));
    observe("POST /oauth/userinfo", api.send("POST", "/oauth/userinfo", null, "", bearer));
    driveRevocationAndIntrospection(direct, tokens);
    observe(
        "POST /oauth/token",
        api.postForm("/oauth/token", exchange, basic(direct.client().clientId(), clientSecret)));
  }

  /**
   * The profile's "Apps with access": listed without a session and with one, before and after a
   * consent given on the consent page; removed, removed again, and removed without a session.
   */
  private void driveAppsWithAccess() {
    RegisteredClient asking = registered("Calendar", true);
    String[] cookie = newSignedInUser();
    String list = "GET /profile/apps";
    String remove = "DELETE /profile/apps/{client_id}";
    String path = "/profile/apps/" + asking.client().clientId();
    observe(list, api.get("/profile/apps"));
    assertThat(observe(list, api.get("/profile/apps", cookie)).json().path("apps").size()).isZero();
    Map<String, String> asked = authorization(asking, new CodeVerifier());
    Map<String, String> allow =
        consentAnswer(api.get("/oauth/authorize?" + ApiClient.urlEncoded(asked), cookie));
    observe("POST /oauth/consent", api.postForm("/oauth/consent", allow, cookie));
    assertThat(observe(list, api.get("/profile/apps", cookie)).json().path("apps").size())
        .isEqualTo(1);
    observe(remove, api.delete(path));
    assertThat(observe(remove, api.delete(path, cookie)).status()).isEqualTo(204);
    assertThat(observe(remove, api.delete(path, cookie)).status()).isEqualTo(404);
  }

  /**
   * The consent page's answer {@code allow} to where {@code toConsent} redirected: the fields of
   * the page's address, the request and its {@code consent_token}.
   */
  private static Map<String, String> consentAnswer(Reply toConsent) {
    Map<String, String> answer = new LinkedHashMap<>();
    String page = toConsent.header("Location").orElseThrow();
    URLUtils.parseParameters(page.substring(page.indexOf('?') + 1))
        .forEach((name, values) -> answer.put(name, values.get(0)));
    answer.put("consent", "allow");
    return answer;
  }

  /**
   * RP-initiated logout: the hint of the session ending it and redirecting to the registered URI,
   * no hint sending the person to the logout page, a bad hint and an unregistered URI refused, the
   * page's confirmation by POST, and the form post of the end-session request.
   */
  private void driveTheLogout() {
    RegisteredClient client = registered("Blog", false, List.of(CALLBACK));
    String clientId = client.client().clientId();
    String[] cookie = newSignedInUser();
    CodeVerifier verifier = new CodeVerifier();
    String code =
        parameter(
            api.get(
                "/oauth/authorize?" + ApiClient.urlEncoded(authorization(client, verifier)),
                cookie),
            "code");
    Map<String, String> exchange =
        Map.of(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            CALLBACK,
            "code_verifier",
            verifier.getValue());
    String idToken =
        api.postForm("/oauth/token", exchange, basic(clientId, client.secret().orElseThrow()))
            .json()
            .path("id_token")
            .asText();
    Map<String, String> asked = Map.of("client_id", clientId, "post_logout_redirect_uri", CALLBACK);
    Reply toPage =
        observe(
            "GET /oauth/logout", api.get("/oauth/logout?" + ApiClient.urlEncoded(asked), cookie));
    assertThat(toPage.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/ui/logout?"));
    observe("GET /oauth/logout", api.get("/oauth/logout?id_token_hint=" + FORGED_TOKEN, cookie));
    observe("POST /oauth/logout", api.postForm("/oauth/logout", Map.of("client_id", clientId)));
    observe(
        "POST /oauth/logout",
        api.postForm("/oauth/logout", Map.of("post_logout_redirect_uri", CALLBACK)));
    observe(
        "POST /oauth/logout/confirm",
        api.postForm(
            "/oauth/logout/confirm",
            Map.of("client_id", clientId, "post_logout_redirect_uri", CALLBACK + "/x"),
            cookie));
    Reply ended =
        observe(
            "GET /oauth/logout",
            api.get(
                "/oauth/logout?"
                    + ApiClient.urlEncoded(
                        Map.of("id_token_hint", idToken, "post_logout_redirect_uri", CALLBACK)),
                cookie));
    assertThat(ended.header("Location")).hasValue(CALLBACK);
    Reply confirmed =
        observe("POST /oauth/logout/confirm", api.postForm("/oauth/logout/confirm", asked, cookie));
    assertThat(confirmed.json().path("redirect_to").asText()).isEqualTo(CALLBACK);
  }

  /**
   * Introspection of {@code tokens}' access and refresh tokens by {@code client}, then its access
   * token revoked and introspected again; a wrong secret and a missing token at each endpoint.
   */
  private void driveRevocationAndIntrospection(RegisteredClient client, Reply tokens) {
    String id = client.client().clientId();
    String[] right = basic(id, client.secret().orElseThrow());
    String[] wrong = basic(id, client.secret().orElseThrow() + "x");
    Map<String, String> access = Map.of("token", tokens.json().path("access_token").asText());
    Map<String, String> refresh = Map.of("token", tokens.json().path("refresh_token").asText());
    for (String operation : List.of("POST /oauth/introspect", "POST /oauth/revoke")) {
      String path = operation.split(" ", 2)[1];
      observe(operation, api.postForm(path, access, wrong));
      observe(operation, api.postForm(path, Map.of("token_type_hint", "access_token"), right));
    }
    String introspect = "POST /oauth/introspect";
    Reply active = observe(introspect, api.postForm("/oauth/introspect", access, right));
    assertThat(active.json().path("active").asBoolean()).as(active.raw().body()).isTrue();
    observe(introspect, api.postForm("/oauth/introspect", refresh, right));
    observe("POST /oauth/revoke", api.postForm("/oauth/revoke", access, right));
    Reply inactive = observe(introspect, api.postForm("/oauth/introspect", access, right));
    assertThat(inactive.json().path("active").asBoolean()).as(inactive.raw().body()).isFalse();
  }

  /** A confidential client registered by the operator, asking for consent or not. */
  private RegisteredClient registered(String name, boolean consent) {
    return registered(name, consent, List.of());
  }

  /** The same, with {@code postLogoutRedirectUris}. */
  private RegisteredClient registered(
      String name, boolean consent, List<String> postLogoutRedirectUris) {
    try (Administration admin =
        Administration.open(
            folder.resolve("service.db").toString(),
            TestServices.FAST_COST,
            PasswordPolicy.development(),
            clock)) {
      return admin
          .clients()
          .add(
              new NewClient(
                  name,
                  List.of(CALLBACK),
                  postLogoutRedirectUris,
                  false,
                  consent,
                  true,
                  IdTokenAlgorithm.ES256));
    }
  }

  /** An authorization request of {@code client} for openid and email, with PKCE. */
  private static Map<String, String> authorization(RegisteredClient client, CodeVerifier verifier) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", client.client().clientId());
    params.put("redirect_uri", CALLBACK);
    params.put("scope", "openid email");
    params.put("state", "s1");
    params.put("nonce", "n1");
    params.put(
        "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    params.put("code_challenge_method", "S256");
    return params;
  }

  /** The query parameter {@code name} of the redirect {@code reply}. */
  private static String parameter(Reply reply, String name) {
    URI location = URI.create(reply.header("Location").orElseThrow());
    return URLUtils.parseParameters(location.getRawQuery()).get(name).get(0);
  }

  /** HTTP Basic credentials of a client (RFC 6749 §2.3.1: each part form-URL-encoded). */
  private static String[] basic(String id, String secret) {
    String pair =
        URLEncoder.encode(id, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return new String[] {
      "Authorization",
      "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))
    };
  }

  private String newEmail() {
    return "user" + nextEmail++ + "@example.org";
  }

  private static Path newFolder(String name) throws IOException {
    return Files.createDirectories(folder.resolve(name));
  }

  private static String toJson(Map<String, String> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }
}
