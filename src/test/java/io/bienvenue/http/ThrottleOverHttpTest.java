package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.ServiceFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Throttled logins over HTTP: a JSON 429 with Retry-After, and whose address counts. */
class ThrottleOverHttpTest {

  @RegisterExtension final ServiceFixture service = ServiceFixture.development().startedByTest();

  /** Starts the service trusting {@code trustedProxies}, with alice registered. */
  private ApiClient start(List<String> trustedProxies) {
    service.start(config -> config.trustedProxies(trustedProxies));
    service.api().postForm("/users", Map.of("email", "alice@example.org", "password", "right"));
    return service.api();
  }

  @Test
  void theEleventhAttemptIsA429WithRetryAfterEvenWithTheRightPassword() {
    ApiClient api = start(List.of());
    for (int i = 0; i < 10; i++) {
      assertThat(login(api, "wrong").status()).isEqualTo(401);
    }

    Reply throttled = login(api, "right");

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 900L));
    assertThat(throttled.body().get("message").toString()).contains("too many failed logins");
    assertThat(throttled.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void thirtyWrongPasswordsSentAtOnceGetExactlyTheLimitCheckedAndTheRest429() throws Exception {
    ApiClient api = start(List.of());

    // Thirty: within the connections one address may hold open (32), so every one reaches a
    // route.
    List<Integer> statuses = Parallel.run(30, i -> login(api, "wrong").status());

    assertThat(count(statuses, 401)).as("checked by bcrypt").isEqualTo(10);
    assertThat(count(statuses, 429)).isEqualTo(20);
    assertThat(login(api, "right").status()).isEqualTo(429);
  }

  @Test
  void thirtyWrongConfirmationsOfAnAccountDeletionSentAtOnceGetExactlyTheLimitChecked()
      throws Exception {
    ApiClient api = start(List.of());
    String[] cookie = ApiClient.session(login(api, "right").sessionId());

    List<Integer> statuses =
        Parallel.run(
            30,
            i -> api.sendForm("DELETE", "/profile", Map.of("password", "wrong"), cookie).status());

    assertThat(count(statuses, 403)).as("checked by bcrypt").isEqualTo(10);
    assertThat(count(statuses, 429)).isEqualTo(20);
    assertThat(api.get("/profile", cookie).status())
        .as("the account is still there")
        .isEqualTo(200);
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    ApiClient api = start(List.of("127.0.0.1/32", "::1"));
    for (int i = 0; i < 10; i++) {
      login(api, "wrong", "X-Forwarded-For", "2001:db8:1:2::" + Integer.toHexString(i + 1));
    }

    assertThat(login(api, "right", "X-Forwarded-For", "2001:db8:1:2:ffff:1:2:3").status())
        .as("a fresh address of the same /64")
        .isEqualTo(429);
    assertThat(login(api, "right", "X-Forwarded-For", "2001:db8:1:3::1").status())
        .as("the next /64 is another client")
        .isEqualTo(200);
  }

  @Test
  void aForgedXForwardedForDoesNotEscapeTheThrottle() {
    ApiClient api = start(List.of());
    for (int i = 0; i < 10; i++) {
      login(api, "wrong", "X-Forwarded-For", "203.0.113." + i);
    }

    assertThat(login(api, "right", "X-Forwarded-For", "198.51.100.1").status()).isEqualTo(429);
  }

  @Test
  void behindATrustedProxyTheForwardedClientIsCounted() {
    ApiClient api = start(List.of("127.0.0.1/32", "::1"));
    for (int i = 0; i < 10; i++) {
      login(api, "wrong", "X-Forwarded-For", "203.0.113.9");
    }

    assertThat(login(api, "right", "X-Forwarded-For", "203.0.113.9").status()).isEqualTo(429);
    assertThat(login(api, "right", "X-Forwarded-For", "198.51.100.1").status())
        .as("another client behind the same proxy")
        .isEqualTo(200);
    assertThat(login(api, "right", "X-Forwarded-For", "203.0.113.9, 198.51.100.2").status())
        .as("the rightmost untrusted hop is the client: the forged first entry is ignored")
        .isEqualTo(200);
  }

  private static Reply login(ApiClient api, String password, String... headers) {
    return api.postForm(
        "/sessions", Map.of("email", "alice@example.org", "password", password), headers);
  }

  private static long count(List<Integer> statuses, int status) {
    return statuses.stream().filter(s -> s == status).count();
  }
}
