package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Postgres;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database that goes away: requests get a JSON 503 within a bounded time (never a 500 or a hang),
 * and service resumes by itself when it is back, with nothing acknowledged lost.
 */
@RequiresPostgres
class DatabaseOutageTest {

  @Test
  void anUnreachableDatabaseIsA503AndServiceResumesByItself() throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        RunningService running =
            new RunningService(
                ConfigBuilder.development(database.location()).build(),
                MutableClock.startingNow())) {
      ApiClient api = running.client;
      assertThat(register(api, "before@example.org").status()).isEqualTo(200);
      String token =
          api.postForm("/sessions", Map.of("email", "before@example.org", "password", "pw"))
              .sessionId();
      String name = database.location().substring(database.location().lastIndexOf('/') + 1);

      cutOff(name);
      long start = System.nanoTime();
      Reply during = api.get("/profile", session(token));
      Duration waited = Duration.ofNanos(System.nanoTime() - start);

      assertThat(during.status()).isEqualTo(503);
      assertThat(during.body()).containsKey("message");
      assertThat(during.header("Retry-After")).isPresent();
      assertThat(waited).isLessThan(Duration.ofSeconds(15));
      assertThat(register(api, "during@example.org").status()).isEqualTo(503);
      ApiClient admin = new ApiClient("http://127.0.0.1:" + running.service.adminPort());
      assertThat(admin.get("/health/ready").status()).as("not ready").isEqualTo(503);
      assertThat(admin.get("/health/live").status()).as("but alive").isEqualTo(200);

      Postgres.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
      Reply after = awaitStatus(api, token, 200, Duration.ofSeconds(60));

      assertThat(after.body()).isEqualTo(Map.of("email", "before@example.org"));
      assertThat(register(api, "after@example.org").status()).isEqualTo(200);
      assertThat(admin.get("/health/ready").status()).isEqualTo(200);
    }
  }

  /** Refuses new connections to the database and ends the open ones: an outage. */
  private static void cutOff(String name) {
    Postgres.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    Postgres.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
  }

  private static Reply awaitStatus(ApiClient api, String token, int status, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    Reply reply = api.get("/profile", session(token));
    while (reply.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(200);
      reply = api.get("/profile", session(token));
    }
    assertThat(reply.status()).as("status within %s", limit).isEqualTo(status);
    return reply;
  }

  private static Reply register(ApiClient api, String email) {
    return api.postForm("/users", Map.of("email", email, "password", "pw"));
  }
}
