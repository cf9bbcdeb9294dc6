package io.bienvenue.ops.adminapi;

import static io.bienvenue.testing.AdminKeyFixture.bearer;
import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.testing.AdminKeyFixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TotpOn;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API over the real admin listener, on the database a subclass gives: a key made from the
 * command line authenticates, each route does its work (seen through the public API), and every
 * reply matches the admin API's OpenAPI document.
 */
abstract class AdminApiHttpContract {

  private static final String PASSWORD = "b4l0u-admin";
  private static final String USERS = "/admin/v1/users";

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase();

  private ServiceOnDatabase service;
  private ApiClient api;
  private ApiClient admin;
  private String key;

  @BeforeEach
  void start() {
    service = ServiceOnDatabase.start(newDatabase());
    api = service.running.client;
    admin = ApiClient.admin("http://127.0.0.1:" + service.running.service.adminPort());
    key = AdminKeyFixture.add(service.database.location(), "ops-console");
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private Reply create(String json) {
    return admin.sendJson("POST", USERS, json, bearer(key));
  }

  private JsonNode created(String email) {
    Reply reply = create("{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}");
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    return reply.json().get("user");
  }

  private Reply logIn(String email, String password) {
    return api.postForm("/sessions", Map.of("email", email, "password", password));
  }

  @Test
  void aUserCreatedWithAPasswordLogsInOnThePublicApi() {
    JsonNode user = created("ada@example.org");

    assertThat(user.get("email").asText()).isEqualTo("ada@example.org");
    assertThat(user.get("email_verified").asBoolean()).isTrue();
    assertThat(user.get("disabled").asBoolean()).isFalse();
    assertThat(user.get("two_factor").asBoolean()).isFalse();
    assertThat(user.toString()).doesNotContain("hash").doesNotContain("$2");
    Reply login = logIn("ada@example.org", PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    String sub =
        api.get("/sessions/whoami", session(login.sessionId()))
            .json()
            .get("user")
            .get("id")
            .asText();
    assertThat(user.get("id").asText()).isEqualTo(sub);
  }

  @Test
  void anInvitationInDevelopmentReturnsTheTokenThatSetsThePassword() {
    Reply reply = create("{\"email\": \"grace@example.org\", \"invite\": true}");

    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    assertThat(reply.header("Cache-Control")).contains("no-store");
    String token = reply.json().get("reset_token").asText();
    assertThat(reply.json().get("user").get("email_verified").asBoolean()).isTrue();
    Reply reset =
        api.sendForm(
            "PUT",
            "/reset_password",
            Map.of("email", "grace@example.org", "reset_token", token, "new_password", "chosen-1"));
    assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
    assertThat(logIn("grace@example.org", "chosen-1").status()).isEqualTo(200);
  }

  @Test
  void usersAreListedInPagesAndSearchedByEmail() {
    created("one@example.org");
    created("two@example.org");
    created("three@other.example");

    JsonNode page = admin.get(USERS + "?search=EXAMPLE.ORG&size=1&page=2", bearer(key)).json();
    assertThat(page.get("total").asLong()).isEqualTo(2);
    assertThat(page.get("page").asInt()).isEqualTo(2);
    assertThat(page.get("size").asInt()).isEqualTo(1);
    assertThat(page.get("users"))
        .extracting(u -> u.get("email").asText())
        .containsExactly("two@example.org");
    JsonNode all = admin.get(USERS, bearer(key)).json();
    assertThat(all.get("total").asLong()).isEqualTo(3);
    assertThat(all.get("size").asInt()).isEqualTo(20);
    assertThat(all.get("users")).hasSize(3);
    JsonNode past = admin.get(USERS + "?page=9", bearer(key)).json();
    assertThat(past.get("users")).isEmpty();
    assertThat(past.get("total").asLong()).isEqualTo(3);
  }

  @Test
  void aUserIsReadByPublicIdAndAnUnknownIdIsA404() {
    JsonNode user = created("ada@example.org");

    Reply read = admin.get(USERS + "/" + user.get("id").asText(), bearer(key));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(user);
    Reply unknown = admin.get(USERS + "/nobody-has-this-id", bearer(key));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).containsEntry("message", "no user has that id");
  }

  @Test
  void aDisabledUserCannotLogInUntilEnabledAndTheirSessionsEnd() {
    String id = created("ada@example.org").get("id").asText();
    String token = logIn("ada@example.org", PASSWORD).sessionId();

    Reply disabled = admin.post(USERS + "/" + id + "/disable", bearer(key));
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().get("sessions_ended").asInt()).isEqualTo(1);
    assertThat(disabled.json().get("user").get("disabled").asBoolean()).isTrue();
    assertThat(disabled.json().get("user").has("disabled_at")).isTrue();
    assertThat(api.get("/profile", session(token)).status()).isEqualTo(403);
    assertThat(logIn("ada@example.org", PASSWORD).status()).isNotEqualTo(200);

    Reply enabled = admin.post(USERS + "/" + id + "/enable", bearer(key));
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().get("user").get("disabled").asBoolean()).isFalse();
    assertThat(logIn("ada@example.org", PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void markingAVerifiedEmailVerifiedChangesNothing() {
    String id = created("ada@example.org").get("id").asText();

    Reply verified = admin.post(USERS + "/" + id + "/verify_email", bearer(key));

    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.json().get("changed").asBoolean()).isFalse();
    assertThat(verified.json().get("user").get("email_verified").asBoolean()).isTrue();
  }

  @Test
  void resettingTheSecondFactorLetsThePasswordAloneLogIn() {
    String id = created("ada@example.org").get("id").asText();
    String token = logIn("ada@example.org", PASSWORD).sessionId();
    TotpOn.enable(api, PASSWORD, Instant.now(), session(token));
    assertThat(admin.get(USERS + "/" + id, bearer(key)).json().get("two_factor").asBoolean())
        .isTrue();
    assertThat(logIn("ada@example.org", PASSWORD).status()).isNotEqualTo(200);

    Reply reset = admin.delete(USERS + "/" + id + "/second_factor", bearer(key));

    assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
    assertThat(reset.json().get("changed").asBoolean()).isTrue();
    assertThat(reset.json().get("sessions_ended").asInt()).isEqualTo(1);
    assertThat(reset.json().get("user").get("two_factor").asBoolean()).isFalse();
    assertThat(logIn("ada@example.org", PASSWORD).status()).isEqualTo(200);
    Reply again = admin.delete(USERS + "/" + id + "/second_factor", bearer(key));
    assertThat(again.json().get("changed").asBoolean()).isFalse();
  }

  @Test
  void aUsersSessionsAreListedAndEnded() {
    String id = created("ada@example.org").get("id").asText();
    String first = logIn("ada@example.org", PASSWORD).sessionId();
    logIn("ada@example.org", PASSWORD);
    created("other@example.org");
    String others = logIn("other@example.org", PASSWORD).sessionId();

    Reply listed = admin.get(USERS + "/" + id + "/sessions", bearer(key));
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().get("sessions")).hasSize(2);
    assertThat(listed.raw().body()).doesNotContain(first);

    Reply ended = admin.delete(USERS + "/" + id + "/sessions", bearer(key));
    assertThat(ended.status()).isEqualTo(200);
    assertThat(ended.json().get("sessions_ended").asInt()).isEqualTo(2);
    assertThat(api.get("/profile", session(first)).status()).isEqualTo(403);
    assertThat(api.get("/profile", session(others)).status()).isEqualTo(200);
    assertThat(admin.get(USERS + "/" + id + "/sessions", bearer(key)).json().get("sessions"))
        .isEmpty();
  }

  @Test
  void aDeletedUserIsGoneAndTheirEmailCanRegisterAgain() {
    String id = created("ada@example.org").get("id").asText();

    Reply deleted = admin.delete(USERS + "/" + id, bearer(key));

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(admin.get(USERS + "/" + id, bearer(key)).status()).isEqualTo(404);
    assertThat(admin.delete(USERS + "/" + id, bearer(key)).status()).isEqualTo(404);
    assertThat(logIn("ada@example.org", PASSWORD).status()).isNotEqualTo(200);
    assertThat(created("ada@example.org").get("id").asText()).isNotEqualTo(id);
  }

  @Test
  void badBodiesAreA400AndCreateNothing() {
    created("taken@example.org");
    List<String> bodies =
        List.of(
            "{\"email\": \"x@example.org\"}",
            "{\"email\": \"x@example.org\", \"password\": \"p\", \"invite\": true}",
            "{\"email\": \"x@example.org\", \"invite\": \"true\"}",
            "{\"email\": \"x@example.org\", \"password\": 42}",
            "{\"email\": \"x@example.org\", \"password\": \"p\", \"admin\": true}",
            "{\"email\": \"x@example.org\", \"password\": \"p\", \"role\": \"root\"}",
            "{\"email\": \"not-an-email\", \"password\": \"p\"}",
            "{\"email\": \"taken@example.org\", \"password\": \"p\"}",
            "{\"password\": \"p\"}",
            "[1, 2]",
            "{\"email\": ",
            "{\"email\": \"x@example.org\", \"email\": \"y@example.org\", \"password\": \"p\"}");
    for (String body : bodies) {
      Reply reply = create(body);
      assertThat(reply.status()).as(body).isEqualTo(400);
      assertThat(reply.body()).as(body).containsKey("message");
    }
    assertThat(admin.get(USERS, bearer(key)).json().get("total").asLong()).isEqualTo(1);
  }

  @Test
  void pagingValuesOutOfRangeAreA400() {
    for (String query :
        List.of(
            "page=0", "page=-1", "page=x", "size=0", "size=101", "size=1.5", "page=99999999999")) {
      Reply reply = admin.get(USERS + "?" + query, bearer(key));
      assertThat(reply.status()).as(query).isEqualTo(400);
    }
  }

  @Test
  void noKeyAWrongKeyAndARemovedKeyAreTheSame401() {
    String other = AdminKeyFixture.add(service.database.location(), "soon-removed");
    assertThat(admin.get(USERS, bearer(other)).status()).isEqualTo(200);
    AdminKeyFixture.remove(service.database.location(), "soon-removed");

    List<Reply> refused =
        List.of(
            admin.get(USERS),
            admin.get(USERS, "Authorization", "Basic b3BzOnNlY3JldA=="),
            admin.get(USERS, "Authorization", "Bearer"),
            admin.get(USERS, bearer("bvadm_" + "A".repeat(43))),
            admin.get(USERS, bearer(key.substring(0, key.length() - 1))),
            admin.get(USERS, bearer(other)));
    for (Reply reply : refused) {
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.header("WWW-Authenticate")).contains("Bearer");
      assertThat(reply.body()).isEqualTo(refused.get(0).body());
    }
    assertThat(admin.get(USERS, bearer(key)).status()).isEqualTo(200);
    assertThat(admin.get(USERS, "Authorization", "bearer " + key).status()).isEqualTo(200);
  }

  @Test
  void aKeyInTheQueryStringIsRefusedBeforeAnythingElse() {
    created("ada@example.org");
    List<String> queries =
        List.of(
            "access_token=" + key,
            "api_key=x",
            "APIKEY=x",
            "key=x",
            "token=x",
            "search=" + key,
            "search=bvadm%5Fsomething",
            "search=BVADM_something");
    for (String query : queries) {
      Reply withKey = admin.get(USERS + "?" + query, bearer(key));
      assertThat(withKey.status()).as(query).isEqualTo(400);
      assertThat(withKey.raw().body()).doesNotContain(key);
      Reply withoutKey = admin.get(USERS + "?" + query);
      assertThat(withoutKey.status()).as(query).isEqualTo(400);
    }
  }

  @Test
  void wrongKeysAreThrottledPerAddress() {
    Reply last = null;
    for (int i = 0; i < 12; i++) {
      last = admin.get(USERS, bearer("bvadm_" + "B".repeat(43)));
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.header("Retry-After")).isPresent();
  }

  @Test
  void theDocumentIsServedWithoutAKey() {
    Reply document = admin.get("/admin/v1/openapi.json");

    assertThat(document.status()).isEqualTo(200);
    assertThat(document.json().get("paths").has("/admin/v1/users/{id}/second_factor")).isTrue();
  }

  @Test
  void anUnknownPathWithAKeyIsA404AndWithoutOneA401() {
    assertThat(admin.get("/admin/v1/nothing", bearer(key)).status()).isEqualTo(404);
    assertThat(admin.get("/admin/v1/nothing").status()).isEqualTo(401);
  }

  @Test
  void aUseOfTheKeyIsStamped() {
    admin.get(USERS, bearer(key));

    try (Administration operator =
        Administration.open(
            service.database.location(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      assertThat(operator.adminKeys().list())
          .singleElement()
          .satisfies(listed -> assertThat(listed.lastUsedAt()).isPresent());
    }
  }
}
