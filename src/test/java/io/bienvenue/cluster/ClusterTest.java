package io.bienvenue.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.AdminKeyFixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestDatabase;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of {@code bienvenue serve} on one PostgreSQL database, behind nginx as {@code
 * deploy/cluster} configures it: any instance serves any request (SPEC §4). Each test uses its own
 * accounts, so they share one cluster.
 */
@RequiresPostgres
@RequiresNginx
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTest {

  private static final Duration LOG_WAIT = Duration.ofSeconds(10);

  @TempDir static Path folder;
  private static TestDatabase database;
  private static Cluster cluster;

  @BeforeAll
  static void startThreeInstancesBehindNginx() throws Exception {
    database = TestDatabase.postgres();
    cluster = Cluster.start(3, database.location(), folder);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  @Test
  void aSessionOpenedOnOneInstanceIsSeenByTheOthersAndLogoutEndsItOnAll() {
    ApiClient a = cluster.direct(0);
    ApiClient b = cluster.direct(1);
    ApiClient c = cluster.direct(2);
    String email = "session@example.org";

    assertThat(register(a, email, "s3ss10n").status()).isEqualTo(200);
    Reply login = logIn(b, email, "s3ss10n");
    assertThat(login.status()).isEqualTo(200);
    String token = login.sessionId();
    Reply profile = c.get("/profile", ApiClient.session(token));
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.body()).containsEntry("email", email);

    Reply logout = a.delete("/sessions", ApiClient.session(token));

    assertThat(logout.status()).isEqualTo(302);
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(instance.client().get("/profile", ApiClient.session(token)).status())
          .as("the profile on %s after logout", instance)
          .isEqualTo(403);
    }
    assertThat(cluster.viaNginx().get("/profile", ApiClient.session(token)).status())
        .as("the profile through nginx after logout")
        .isEqualTo(403);
  }

  @Test
  void aBearerSessionOpenedOnOneInstanceIsTheSameUserOnEveryOtherAndThroughNginx() {
    String email = "whoami@example.org";
    assertThat(register(cluster.direct(0), email, "wh0am1").status()).isEqualTo(200);
    Reply login =
        cluster.direct(1).postForm("/sessions/token", Map.of("email", email, "password", "wh0am1"));
    assertThat(login.status()).isEqualTo(200);
    String[] bearer = {"Authorization", "Bearer " + login.json().path("session_token").asText()};

    Reply first = cluster.direct(2).get("/sessions/whoami", bearer);
    Reply proxied = cluster.viaNginx().get("/sessions/whoami", bearer);
    assertThat(first.status()).isEqualTo(200);
    assertThat(proxied.status()).isEqualTo(200);
    assertThat(first.json().at("/user/email").asText()).isEqualTo(email);
    assertThat(proxied.json().at("/user/id").asText())
        .matches("[0-9a-f]{32}")
        .isEqualTo(first.json().at("/user/id").asText());
    assertThat(proxied.header("X-Bienvenue-Session-Id"))
        .contains(first.json().at("/session/id").asText());

    assertThat(cluster.direct(0).delete("/sessions", bearer).status()).isEqualTo(302);
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(instance.client().get("/sessions/whoami", bearer).status())
          .as("whoami on %s after logout", instance)
          .isEqualTo(401);
    }
  }

  @Test
  void sessionsOpenedOnTwoInstancesAreListedOnAThirdAndOneEndedThereIsRefusedEverywhere() {
    String email = "devices@example.org";
    assertThat(register(cluster.viaNginx(), email, "d3v1ces").status()).isEqualTo(200);
    String laptop =
        logIn(cluster.direct(0), email, "d3v1ces", "User-Agent", "Laptop/1").sessionId();
    String phone = logIn(cluster.direct(1), email, "d3v1ces", "User-Agent", "Phone/1").sessionId();

    Reply listed = cluster.direct(2).get("/sessions", ApiClient.session(laptop));

    assertThat(listed.status()).isEqualTo(200);
    var sessions = listed.json().path("sessions");
    assertThat(sessions).hasSize(2);
    assertThat(sessions.get(0).path("user_agent").asText()).isEqualTo("Phone/1");
    assertThat(sessions.get(1).path("current").asBoolean()).isTrue();
    String phoneId = sessions.get(0).path("id").asText();
    assertThat(cluster.direct(2).delete("/sessions/" + phoneId, ApiClient.session(laptop)).status())
        .isEqualTo(200);
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(instance.client().get("/profile", ApiClient.session(phone)).status())
          .as("the ended session on %s", instance)
          .isEqualTo(403);
      assertThat(instance.client().get("/profile", ApiClient.session(laptop)).status())
          .as("the other session on %s", instance)
          .isEqualTo(200);
    }
  }

  @Test
  void twoFactorLoginWorksAcrossInstancesAndACodeIsAcceptedOnceInAll() {
    String email = "totp@example.org";
    assertThat(register(cluster.viaNginx(), email, "t0tp").status()).isEqualTo(200);
    String[] cookie = ApiClient.session(logIn(cluster.direct(0), email, "t0tp").sessionId());
    String secret =
        cluster
            .direct(1)
            .postForm("/profile/totp", Map.of("password", "t0tp"), cookie)
            .json()
            .path("secret")
            .asText();
    Instant now = Instant.now();
    Reply confirmed =
        cluster
            .direct(2)
            .sendForm(
                "PUT", "/profile/totp", Map.of("code", Authenticator.code(secret, now)), cookie);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);

    assertThat(logIn(cluster.direct(0), email, "t0tp").status()).isEqualTo(401);
    // The next step's code: inside every instance's window whether or not a step boundary passes
    // meanwhile, and later than the step the confirmation used.
    String code = Authenticator.code(secret, now.plusSeconds(30));
    Map<String, String> withCode = Map.of("email", email, "password", "t0tp", "otp", code);
    Reply in = cluster.direct(1).postForm("/sessions", withCode);
    assertThat(in.status()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.direct(i).postForm("/sessions", withCode).status())
          .as("the same code replayed on %s", cluster.instances.get(i))
          .isEqualTo(401);
    }
    Reply listed = cluster.direct(2).get("/sessions", ApiClient.session(in.sessionId()));
    assertThat(listed.json().path("sessions")).hasSize(2);
    String recovery = confirmed.json().path("recovery_codes").get(0).asText();
    Map<String, String> withRecovery = Map.of("email", email, "password", "t0tp", "otp", recovery);
    assertThat(cluster.direct(0).postForm("/sessions", withRecovery).status()).isEqualTo(200);
    assertThat(cluster.direct(2).postForm("/sessions", withRecovery).status())
        .as("a used recovery code on another instance")
        .isEqualTo(401);
  }

  @Test
  void failedLoginsThroughDifferentInstancesAreCountedTogether() {
    String email = "throttled@example.org";
    String[] client = {"X-Forwarded-For", "203.0.113.10"};
    assertThat(register(cluster.viaNginx(), email, "r1ght").status()).isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      assertThat(logIn(cluster.direct(i), email, "wrong", client).status())
          .as("failure %d, on %s", i + 1, cluster.instances.get(i % 3))
          .isEqualTo(401);
    }

    for (ServiceProcess instance : cluster.instances.all()) {
      Reply throttled = logIn(instance.client(), email, "r1ght", client);
      assertThat(throttled.status()).as("the right password on %s", instance).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).isPresent();
    }
    assertThat(logIn(cluster.viaNginx(), email, "r1ght", client).status())
        .as("through nginx, which forwards the client's address")
        .isEqualTo(429);
    assertThat(
            logIn(cluster.viaNginx(), email, "r1ght", "X-Forwarded-For", "198.51.100.20").status())
        .as("the same account from another client")
        .isEqualTo(200);
  }

  @Test
  void sixtyWrongPasswordsSentAtOnceToAllInstancesGetExactlyTheLimitChecked() throws Exception {
    String email = "burst@example.org";
    String[] client = {"X-Forwarded-For", "203.0.113.11"};
    assertThat(register(cluster.viaNginx(), email, "r1ght").status()).isEqualTo(200);

    List<Integer> statuses =
        Parallel.run(60, i -> logIn(cluster.direct(i), email, "wrong", client).status());

    assertThat(Collections.frequency(statuses, 401)).as("checked by bcrypt").isEqualTo(10);
    assertThat(Collections.frequency(statuses, 429)).isEqualTo(50);
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(logIn(instance.client(), email, "r1ght", client).status())
          .as("the right password on %s", instance)
          .isEqualTo(429);
    }
  }

  @Test
  void aResetTokenIssuedByOneInstanceWorksOnceThroughAnother() {
    String email = "reset@example.org";
    assertThat(register(cluster.viaNginx(), email, "0ld").status()).isEqualTo(200);
    Reply issued = cluster.direct(0).postForm("/reset_password", Map.of("email", email));
    assertThat(issued.status()).isEqualTo(200);
    String token = issued.body().get("reset_token").toString();

    Reply first = resetPassword(cluster.direct(1), email, token, "n3w");
    Reply second = resetPassword(cluster.direct(2), email, token, "n3w3r");

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(403);
    assertThat(logIn(cluster.viaNginx(), email, "n3w").status()).isEqualTo(200);
    assertThat(logIn(cluster.viaNginx(), email, "0ld").status()).isEqualTo(401);
    assertThat(logIn(cluster.viaNginx(), email, "n3w3r").status()).isEqualTo(401);
  }

  @Test
  void fiftyConcurrentRegistrationsOfOneEmailThroughNginxGiveOne200AndFortyNine400s()
      throws Exception {
    ApiClient nginx = cluster.viaNginx();
    String client = "198.51.100.50";

    List<Reply> replies =
        Parallel.run(
            50, i -> register(nginx, "race@example.org", "p" + i, "X-Forwarded-For", client));

    List<Integer> statuses = replies.stream().map(Reply::status).toList();
    assertThat(Collections.frequency(statuses, 200)).isEqualTo(1);
    assertThat(Collections.frequency(statuses, 400)).isEqualTo(49);
    assertThat(replies.stream().filter(r -> r.status() == 400).map(r -> r.body().get("message")))
        .containsOnly("email already registered");
    List<Long> served = cluster.instances.awaitLines("client=" + client, 50, LOG_WAIT);
    assertThat(served.stream().mapToLong(Long::longValue).sum())
        .as("access-log lines naming the client nginx forwarded, per instance: %s", served)
        .isEqualTo(50);
    assertThat(served).as("the race spanned every instance").allMatch(count -> count > 0);
  }

  @Test
  void aBrowserFormPostedThroughNginxIsSameOriginAndAnotherSiteIsRefused() {
    ApiClient nginx = cluster.viaNginx();
    Map<String, String> fields = Map.of("email", "browser@example.org", "password", "br0wser");

    Reply sameOrigin =
        nginx.postForm(
            "/users", fields, "Origin", cluster.nginx.url(), "Sec-Fetch-Site", "same-origin");
    Reply otherSite =
        nginx.postForm(
            "/users",
            Map.of("email", "csrf@example.org", "password", "csrf"),
            "Origin",
            "http://127.0.0.1:1");

    assertThat(sameOrigin.status())
        .as("nginx must pass the Host with its port, which the Origin carries")
        .isEqualTo(200);
    assertThat(otherSite.status()).isEqualTo(403);
  }

  @Test
  void nginxPassesTheHostOnAndARereboundNameIsRefusedBehindIt() throws Exception {
    URI url = URI.create(cluster.nginx.url());

    String allowed = rawGet(url, url.getHost() + ":" + url.getPort());
    String rebound = rawGet(url, "rebind.attacker.example:" + url.getPort());

    assertThat(allowed)
        .as("the Host nginx forwards, 127.0.0.1:PORT, is allowed")
        .startsWith("HTTP/1.1 200");
    assertThat(rebound)
        .as("a rebound name passed on by nginx is the instance's 421")
        .startsWith("HTTP/1.1 421")
        .contains("this service does not answer for that host");
  }

  /** A GET / through nginx with {@code host} in its Host header, read to the end. */
  private static String rawGet(URI nginx, String host) throws IOException {
    try (Socket socket = new Socket(nginx.getHost(), nginx.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void anAdminKeyMadeOnceWorksOnEveryInstanceAndAUserDisabledThroughOneCannotLogInOnAnother() {
    String key = AdminKeyFixture.add(database.location(), "cluster-console");
    String[] bearer = AdminKeyFixture.bearer(key);
    String email = "admin-disabled@example.org";
    assertThat(register(cluster.direct(0), email, "d1sabl3d").status()).isEqualTo(200);
    String token = logIn(cluster.direct(2), email, "d1sabl3d").sessionId();
    String id = null;
    for (ServiceProcess instance : cluster.instances.all()) {
      Reply found = adminApi(instance).get("/admin/v1/users?search=admin-disabled", bearer);
      assertThat(found.status()).as("the admin API on %s", instance).isEqualTo(200);
      id = found.json().at("/users/0/id").asText();
      assertThat(adminApi(instance).get("/admin/v1/users").status())
          .as("no key on %s", instance)
          .isEqualTo(401);
    }

    Reply disabled =
        adminApi(cluster.instances.all().get(1)).post("/admin/v1/users/" + id + "/disable", bearer);

    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().at("/sessions_ended").asInt()).isEqualTo(1);
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(logIn(instance.client(), email, "d1sabl3d").status())
          .as("a login on %s of the user disabled on another", instance)
          .isEqualTo(403);
      assertThat(instance.client().get("/profile", ApiClient.session(token)).status())
          .as("the disabled user's session on %s", instance)
          .isEqualTo(403);
    }
    AdminKeyFixture.remove(database.location(), "cluster-console");
    for (ServiceProcess instance : cluster.instances.all()) {
      assertThat(adminApi(instance).get("/admin/v1/users", bearer).status())
          .as("the removed key on %s", instance)
          .isEqualTo(401);
    }
  }

  /** A client of the admin listener of {@code instance}, whose port its start line names. */
  private static ApiClient adminApi(ServiceProcess instance) {
    Matcher port = ADMIN_PORT.matcher(instance.output());
    assertThat(port.find()).as("the admin port of %s", instance).isTrue();
    return ApiClient.admin("http://127.0.0.1:" + port.group(1));
  }

  private static final Pattern ADMIN_PORT =
      Pattern.compile("admin on http://127\\.0\\.0\\.1:(\\d+)");

  static Reply register(ApiClient api, String email, String password, String... headers) {
    return api.postForm("/users", Map.of("email", email, "password", password), headers);
  }

  static Reply logIn(ApiClient api, String email, String password, String... headers) {
    return api.postForm("/sessions", Map.of("email", email, "password", password), headers);
  }

  private static Reply resetPassword(ApiClient api, String email, String token, String password) {
    return api.sendForm(
        "PUT",
        "/reset_password",
        Map.of("email", email, "reset_token", token, "new_password", password));
  }
}
