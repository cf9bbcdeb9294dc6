package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.Administration;
import io.bienvenue.auth.AdminKey;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.store.Database;
import io.bienvenue.testing.AdminKeyFixture;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input to the admin API over the real admin listener, written as bytes with {@link
 * RawHttp} so that nothing between the test and the server tidies it up: every route without a key,
 * with a wrong, malformed or removed key, with a key in the query string, and with bad bodies, ids
 * and paging values. Every answer is a 4xx JSON {@code message}, never a 5xx, and nothing in the
 * database changes.
 */
class AdminApiHostileTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  private String key;
  private String removedKey;
  private String userId;

  /** Every route of the admin API but its document, as method and path of the user {@code id}. */
  private static List<String[]> routes(String id) {
    String user = "/admin/v1/users/" + id;
    return List.of(
        new String[] {"GET", "/admin/v1/users"},
        new String[] {"POST", "/admin/v1/users"},
        new String[] {"GET", user},
        new String[] {"DELETE", user},
        new String[] {"POST", user + "/disable"},
        new String[] {"POST", user + "/enable"},
        new String[] {"POST", user + "/verify_email"},
        new String[] {"DELETE", user + "/second_factor"},
        new String[] {"GET", user + "/sessions"},
        new String[] {"DELETE", user + "/sessions"});
  }

  @BeforeEach
  void setUp() {
    service.api().postForm("/users", Map.of("email", EMAIL, "password", PASSWORD));
    service.api().postForm("/sessions", Map.of("email", EMAIL, "password", PASSWORD));
    key = AdminKeyFixture.add(database(), "console");
    removedKey = AdminKeyFixture.add(database(), "former");
    AdminKeyFixture.remove(database(), "former");
    userId = snapshot().users().get(0).publicId();
  }

  private String database() {
    return service.config().database();
  }

  /** What the database holds: every user (hashes and tokens too) and the names of the keys. */
  private record Snapshot(List<User> users, List<String> keys, int sessions) {}

  private Snapshot snapshot() {
    List<User> users;
    List<String> keys;
    try (Administration admin =
        Administration.open(database(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      users = admin.users().list("", 1, 1000).users();
      keys = admin.adminKeys().list().stream().map(AdminKey::name).toList();
    }
    try (Database opened = Database.open(database(), 1)) {
      int sessions =
          opened
              .jdbi()
              .withHandle(
                  handle ->
                      handle
                          .createQuery("SELECT count(*) FROM sessions")
                          .mapTo(Integer.class)
                          .one());
      return new Snapshot(users, keys, sessions);
    }
  }

  private RawAnswer send(String method, String target, List<String> headers, String body)
      throws Exception {
    return send(method, target, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private RawAnswer send(String method, String target, List<String> headers, byte[] body)
      throws Exception {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[start.length + body.length];
    System.arraycopy(start, 0, request, 0, start.length);
    System.arraycopy(body, 0, request, start.length, body.length);
    return RawHttp.exchange(service.service().adminPort(), request, RawHttp.TIMEOUT);
  }

  /** A 4xx with a JSON message, never a 5xx; the key never echoed. */
  private void assertRefused(RawAnswer answer, String what) {
    assertThat(answer.status()).as(what + ": " + answer).isBetween(400, 499);
    assertThat(answer.json().path("message").isTextual()).as(what + ": " + answer).isTrue();
    assertThat(answer.body()).as(what).doesNotContain(key).doesNotContain(removedKey);
  }

  private static final String JSON_BODY = "Content-Type: application/json";

  private static String body(String method) {
    return method.equals("POST") ? "{\"email\": \"eve@example.org\", \"password\": \"x\"}" : "";
  }

  @Test
  void everyRouteWithoutAKeyOrWithAWrongMalformedOrRemovedOneIsRefused() throws Exception {
    Snapshot before = snapshot();
    List<List<String>> credentials =
        List.of(
            List.of(),
            List.of("Authorization: Bearer " + removedKey),
            List.of("Authorization: Bearer bvadm_" + "A".repeat(43)),
            List.of("Authorization: Bearer " + key.toUpperCase(java.util.Locale.ROOT)),
            List.of("Authorization: Bearer " + key + "x"),
            List.of("Authorization: Bearer  "),
            List.of("Authorization: Basic " + key),
            List.of("Authorization: " + key),
            List.of("Authorization: Bearer " + "x".repeat(6000)),
            List.of("Authorization: Bearer bvadm_\u00e9\u00e9\u00e9"),
            List.of("X-Api-Key: " + key),
            List.of("Cookie: session_id=" + key));
    for (String[] route : routes(userId)) {
      for (List<String> credential : credentials) {
        List<String> headers = new ArrayList<>(credential);
        headers.add(JSON_BODY);
        RawAnswer answer = send(route[0], route[1], headers, body(route[0]));
        String what = route[0] + " " + route[1] + " " + credential;
        assertRefused(answer, what);
        if (credential.toString().contains("\u00e9")) {
          // A header byte outside ASCII: Jetty may refuse the request itself, with a 400.
          continue;
        }
        assertThat(answer.status()).as(what).isIn(401, 429);
        if (answer.status() == 401) {
          assertThat(answer.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
        }
      }
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aKeyInTheQueryStringIsRefusedOnEveryRouteAndTheDocument() throws Exception {
    Snapshot before = snapshot();
    List<String> queries =
        List.of(
            "access_token=" + key,
            "api_key=" + key,
            "apikey=anything",
            "Key=anything",
            "TOKEN=anything",
            "search=" + key,
            "page=1&x=" + key,
            "x=bvadm%5F" + key.substring(6),
            "x=%62vadm_" + key.substring(6));
    List<String[]> targets = new ArrayList<>(routes(userId));
    targets.add(new String[] {"GET", "/admin/v1/openapi.json"});
    for (String[] route : targets) {
      for (String query : queries) {
        RawAnswer answer =
            send(
                route[0],
                route[1] + "?" + query,
                List.of("Authorization: Bearer " + key, JSON_BODY),
                body(route[0]));
        String what = route[0] + " " + route[1] + "?" + query;
        assertRefused(answer, what);
        assertThat(answer.status()).as(what).isEqualTo(400);
      }
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void badIdsAreA4xx() throws Exception {
    Snapshot before = snapshot();
    List<String> ids =
        List.of(
            "nobody",
            "1",
            "0",
            "-1",
            "%00",
            "%FF%FE",
            "%C3%A9",
            "..%2F..%2Fusers",
            "'%20OR%20'1'='1",
            "x".repeat(5000),
            userId + "%0D%0AX-Injected:%20yes",
            userId.toUpperCase(java.util.Locale.ROOT),
            userId + "%20");
    for (String id : ids) {
      for (String[] route : routes(id)) {
        if (!route[1].contains("/users/")) {
          continue;
        }
        RawAnswer answer =
            send(route[0], route[1], List.of("Authorization: Bearer " + key, JSON_BODY), "");
        String what = route[0] + " " + route[1];
        assertRefused(answer, what);
        assertThat(answer.header("X-Injected")).as(what).isEmpty();
      }
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void badPagingValuesAreA400() throws Exception {
    List<String> queries =
        List.of(
            "page=0",
            "page=-5",
            "page=1e3",
            "page=%00",
            "page=",
            "page=99999999999999999999",
            "size=0",
            "size=1001",
            "size=abc",
            "size=%20",
            "page=1&page=2",
            "search=" + "a".repeat(300),
            "search=%FF",
            "search=%",
            "%=%");
    for (String query : queries) {
      RawAnswer answer =
          send("GET", "/admin/v1/users?" + query, List.of("Authorization: Bearer " + key), "");
      assertThat(answer.status()).as(query + ": " + answer).isLessThan(500);
      if (answer.status() != 200) {
        assertRefused(answer, query);
      }
    }
    RawAnswer fine =
        send(
            "GET",
            "/admin/v1/users?search=%25&page=1",
            List.of("Authorization: Bearer " + key),
            "");
    assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
  }

  @Test
  void badBodiesAreA4xxAndCreateNoUser() throws Exception {
    Snapshot before = snapshot();
    String bearer = "Authorization: Bearer " + key;
    List<List<String>> headers =
        List.of(
            List.of(bearer, JSON_BODY),
            List.of(bearer, "Content-Type: application/json; charset=bogus"),
            List.of(bearer, "Content-Type: application/json; charset"),
            List.of(bearer, "Content-Type: text/plain"),
            List.of(bearer, "Content-Type: application/xml"),
            List.of(bearer));
    List<String> bodies =
        List.of(
            "",
            "null",
            "[]",
            "\"eve@example.org\"",
            "{}",
            "{\"email\": null, \"password\": \"x\"}",
            "{\"email\": {\"$ne\": 1}, \"password\": \"x\"}",
            "{\"email\": [\"eve@example.org\"], \"password\": \"x\"}",
            "{\"email\": \"eve@example.org\", \"password\": \"x\", \"invite\": null}",
            "{\"email\": \"eve@example.org\", \"invite\": 1}",
            "{\"email\": \"eve@example.org\", \"invite\": \"true\"}",
            "{\"email\": \"eve@example.org\", \"invite\": false}",
            "{\"email\": \"eve@example.org\", \"password\": \"x\", \"disabled\": false}",
            "{\"email\": \"eve@example.org\", \"password\": \"x\"} trailing",
            "{\"email\": \"eve@example.org\", \"password\": \"x\",}",
            "{\"email\": \""
                + EMAIL.toUpperCase(java.util.Locale.ROOT)
                + "\", \"password\": \"x\"}",
            "{\"email\": \"eve@example.org\\r\\nBcc: all@example.org\", \"invite\": true}",
            "{\"email\": \"" + "e".repeat(300) + "@example.org\", \"password\": \"x\"}",
            "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
    for (List<String> header : headers) {
      for (String body : bodies) {
        RawAnswer answer = send("POST", "/admin/v1/users", header, body);
        String what = header + " " + body.substring(0, Math.min(body.length(), 80));
        assertRefused(answer, what);
      }
    }
    byte[] notUtf8 = {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertRefused(send("POST", "/admin/v1/users", List.of(bearer, JSON_BODY), notUtf8), "latin-1");
    byte[] huge = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertRefused(send("POST", "/admin/v1/users", List.of(bearer, JSON_BODY), huge), "3 MB");
    assertThat(snapshot()).isEqualTo(before);
  }
}
