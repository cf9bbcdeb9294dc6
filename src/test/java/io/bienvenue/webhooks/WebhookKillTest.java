package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.WebhookReceiver;
import io.bienvenue.testing.WebhookReceiver.Delivery;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once across a crash: {@code bienvenue serve} as its own process commits a registration
 * and its event while the receiver is down, is killed with SIGKILL before it could deliver, and the
 * instance started again delivers the event, signed, once the receiver is back.
 */
class WebhookKillTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Map<String, String> KEY = Map.of("BIENVENUE_SECRETS_KEY", TestSecrets.KEY);

  @TempDir Path folder;

  @Test
  void anEventCommittedBeforeAKillDashNineIsDeliveredAfterTheRestart() throws Exception {
    String file = folder.resolve("killed.db").toString();
    try (WebhookReceiver receiver = WebhookReceiver.down()) {
      try (ServiceProcess first = ServiceProcess.start("first", file, KEY)) {
        first.awaitListening(WAIT);
        try (Database database = Database.open(file, 1)) {
          receiver.verifyingWith(
              new WebhookEndpoints(
                      new WebhookEndpointStore(database.jdbi()),
                      TestSecrets.box(),
                      new SecureRandom(),
                      Clock.systemUTC())
                  .add(receiver.url(), Set.of())
                  .secret());
        }
        assertThat(
                first
                    .client()
                    .postForm(
                        "/users", Map.of("email", "ada@example.org", "password", "pwd-long-enough"))
                    .status())
            .isEqualTo(200);
        first.kill();
      }
      try (Database database = Database.open(file, 1)) {
        assertThat(new WebhookDeliveryStore(database.jdbi()).countPending())
            .as("committed, not delivered")
            .isEqualTo(1);
      }

      receiver.listen();
      try (ServiceProcess second = ServiceProcess.start("second", file, KEY)) {
        second.awaitListening(WAIT);

        List<Delivery> got = receiver.awaitCount(1, WAIT);
        assertThat(got)
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.type()).isEqualTo("user.created");
                  assertThat(d.verified()).isTrue();
                  assertThat(d.body().path("data").path("email").asText())
                      .isEqualTo("ada@example.org");
                });
        second.stop();
      }
    }
  }
}
