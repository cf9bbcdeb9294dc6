package io.bienvenue.ops;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin listener: metrics and health on their own port, never on the public one. */
class AdminListenerTest {

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();
  private final ApiClient admin = service.admin();

  @Test
  void metricsCountRequestsLoginsBcryptPoolAndJvm() {
    api.postForm("/users", Map.of("email", "ada@example.org", "password", "pw"));
    String token =
        api.postForm("/sessions", Map.of("email", "ada@example.org", "password", "pw")).sessionId();
    api.postForm("/sessions", Map.of("email", "ada@example.org", "password", "wrong"));
    api.get("/profile", session(token));

    Reply metrics = admin.get("/metrics");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.raw().body())
        .contains("bienvenue_logins_total{outcome=\"success\"} 1.0")
        .contains("bienvenue_logins_total{outcome=\"failure\"} 1.0")
        .contains("bienvenue_registrations_total 1.0")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*route=\"/profile\"[^}]*status=\"200\"[^}]*\\} 1")
        .contains("http_server_requests_seconds_bucket")
        .contains("bienvenue_bcrypt_seconds_count{operation=\"verify\"}")
        .contains("hikaricp_connections_active")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void healthIsStartedLiveAndReadyWhileTheDatabaseAnswers() {
    Reply started = admin.get("/health/started");
    Reply live = admin.get("/health/live");
    Reply ready = admin.get("/health/ready");

    assertThat(started.status()).isEqualTo(200);
    assertThat(started.json().get("status").asText()).isEqualTo("UP");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().get("status").asText()).isEqualTo("UP");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("up");
  }

  @Test
  void headAnswersWhatGetAnswersWithoutTheBody() {
    for (String path :
        new String[] {"/metrics", "/health/started", "/health/live", "/health/ready", "/nothing"}) {
      Reply get = admin.get(path);
      Reply head = admin.send("HEAD", path, null, "");

      assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status());
      assertThat(head.header("Content-Type"))
          .as("HEAD %s", path)
          .isEqualTo(get.header("Content-Type"));
      assertThat(head.raw().body()).as("HEAD %s", path).isEmpty();
    }
  }

  @Test
  void neitherMetricsNorHealthIsOnThePublicPort() {
    assertThat(api.get("/metrics").status()).isEqualTo(404);
    assertThat(api.get("/health/ready").status()).isEqualTo(404);
  }

  @Test
  void everyResponseCarriesARequestIdAndAWellFormedOneIsKept() {
    Reply generated = api.get("/");
    Reply kept = api.get("/", "X-Request-Id", "proxy-42.abc");
    Reply replaced = api.get("/", "X-Request-Id", "bad id with spaces");

    assertThat(generated.header("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).hasSize(36));
    assertThat(kept.header("X-Request-Id")).contains("proxy-42.abc");
    assertThat(replaced.header("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).isNotEqualTo("bad id with spaces").hasSize(36));
  }
}
