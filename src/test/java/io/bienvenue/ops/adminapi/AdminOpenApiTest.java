package io.bienvenue.ops.adminapi;

import static io.bienvenue.testing.AdminKeyFixture.bearer;
import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.AdminKeyFixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.OpenApiContract;
import io.bienvenue.testing.RunningService;
import io.swagger.v3.oas.models.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's OpenAPI document, {@code /admin-openapi.json}, against the API as implemented:
 * the document is valid OpenAPI 3.0, it is what {@code GET /admin/v1/openapi.json} serves, every
 * reply below matches it ({@link ApiClient#admin} checks each one), and every status it documents
 * for every operation is produced by a reply below, but those that no case here can produce.
 */
class AdminOpenApiTest {

  private static final String USERS = "/admin/v1/users";
  private static final String PASSWORD = "b4l0u-admin";

  /** Documented statuses that no case here can produce in-process: a database outage. */
  private static final Set<String> UNPRODUCIBLE_STATUS = Set.of("503");

  @TempDir Path folder;

  private final OpenApiContract contract = OpenApiContract.admin();
  private final Set<String> produced = new TreeSet<>();

  @Test
  void theDocumentIsValidOpenApi() {
    assertThat(contract.documentProblems()).isEmpty();
  }

  @Test
  void everyDocumentedStatusOfEveryOperationIsProducedAndMatchesTheDocument() throws Exception {
    try (RunningService running = new RunningService(folder, Clock.systemUTC())) {
      ApiClient admin = ApiClient.admin("http://127.0.0.1:" + running.service.adminPort());
      ApiClient api = running.client;
      String location = folder.resolve("service.db").toString();
      String key = AdminKeyFixture.add(location, "openapi");

      Reply document = track(admin.get("/admin/v1/openapi.json"));
      assertThat(document.raw().body())
          .isEqualTo(
              new String(
                  AdminOpenApiTest.class.getResourceAsStream("/admin-openapi.json").readAllBytes(),
                  StandardCharsets.UTF_8));
      track(admin.get("/admin/v1/openapi.json?token=x"));

      String id =
          track(
                  admin.sendJson(
                      "POST",
                      USERS,
                      "{\"email\": \"ada@example.org\", \"password\": \"" + PASSWORD + "\"}",
                      bearer(key)))
              .json()
              .at("/user/id")
              .asText();
      track(
          admin.sendJson(
              "POST", USERS, "{\"email\": \"grace@example.org\", \"invite\": true}", bearer(key)));
      String token =
          api.postForm("/sessions", Map.of("email", "ada@example.org", "password", PASSWORD))
              .sessionId();
      assertThat(api.get("/profile", session(token)).status()).isEqualTo(200);

      String user = USERS + "/" + id;
      String missing = USERS + "/nobody";
      String[][] routes = {
        {"GET", USERS},
        {"POST", USERS},
        {"GET", user},
        {"POST", user + "/disable"},
        {"POST", user + "/enable"},
        {"POST", user + "/verify_email"},
        {"DELETE", user + "/second_factor"},
        {"GET", user + "/sessions"},
        {"DELETE", user + "/sessions"},
        {"DELETE", user},
      };
      for (String[] route : routes) {
        String path = route[1];
        String body = route[0].equals("POST") && path.equals(USERS) ? "{\"email\": \"x\"}" : "";
        track(admin.send(route[0], path, "application/json", body));
        track(admin.send(route[0], path + "?api_key=x", "application/json", body, bearer(key)));
        if (!path.equals(USERS)) {
          track(
              admin.send(
                  route[0], path.replace(user, missing), "application/json", "", bearer(key)));
        }
        if (route[0].equals("GET") && path.equals(USERS)) {
          track(admin.get(USERS + "?size=0", bearer(key)));
        }
        if (route[0].equals("POST") && path.equals(USERS)) {
          track(admin.send(route[0], path, "application/json", "{\"email\": 1}", bearer(key)));
        }
      }
      // Every operation's 200 (204 for the deletion), in an order that leaves the user to delete.
      track(admin.get(USERS + "?search=ada", bearer(key)));
      track(admin.get(user, bearer(key)));
      track(admin.post(user + "/disable", bearer(key)));
      track(admin.post(user + "/enable", bearer(key)));
      track(admin.post(user + "/verify_email", bearer(key)));
      api.postForm("/sessions", Map.of("email", "ada@example.org", "password", PASSWORD));
      track(admin.get(user + "/sessions", bearer(key)));
      track(admin.delete(user + "/sessions", bearer(key)));
      track(admin.delete(user + "/second_factor", bearer(key)));
      track(admin.delete(user, bearer(key)));
      // Wrong keys on each route until the throttle refuses the address.
      for (int round = 0; round < 2; round++) {
        for (String[] route : routes) {
          track(
              admin.send(
                  route[0], route[1], "application/json", "", bearer("bvadm_" + "Z".repeat(43))));
        }
      }
    }

    Set<String> documented = new TreeSet<>();
    contract
        .api()
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) ->
                            statuses(operation)
                                .forEach(
                                    status -> documented.add(method + " " + path + " " + status))));
    documented.removeIf(
        operation ->
            UNPRODUCIBLE_STATUS.stream().anyMatch(status -> operation.endsWith(" " + status)));
    assertThat(produced).containsAll(documented);
    assertThat(documented).as("no reply outside the document").containsAll(produced);
  }

  private static Set<String> statuses(Operation operation) {
    return operation.getResponses().keySet();
  }

  /** Notes the documented operation and status {@code reply} answered. */
  private Reply track(Reply reply) {
    contract
        .operation(reply.raw())
        .ifPresent(operation -> produced.add(operation + " " + reply.status()));
    return reply;
  }
}
