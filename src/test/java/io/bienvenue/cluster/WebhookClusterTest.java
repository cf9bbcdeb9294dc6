package io.bienvenue.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.WebhookReceiver;
import io.bienvenue.testing.WebhookReceiver.Delivery;
import io.bienvenue.webhooks.WebhookEndpoints;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Webhooks from three instances on one PostgreSQL database, each running its own dispatcher over
 * the one outbox: every event of registrations and of logins on all three is delivered, signed,
 * each user's in order, and a message the receiver sees twice has the same id both times.
 */
@RequiresPostgres
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WebhookClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PASSWORD = "pwd-of-the-cluster";

  @Test
  void everyEventIsDeliveredByOneOfTheInstancesWithItsOwnId() throws Exception {
    try (TestDatabase backend = TestDatabase.postgres();
        WebhookReceiver receiver = WebhookReceiver.start();
        Instances instances =
            Instances.start(
                3, backend.location(), Map.of("BIENVENUE_SECRETS_KEY", TestSecrets.KEY));
        Database database = Database.open(backend.location(), 2)) {
      receiver.verifyingWith(
          new WebhookEndpoints(
                  new WebhookEndpointStore(database.jdbi()),
                  TestSecrets.box(),
                  new SecureRandom(),
                  Clock.systemUTC())
              .add(receiver.url(), Set.of())
              .secret());
      int users = 6;
      for (int i = 0; i < users; i++) {
        String email = "cluster" + i + "@example.org";
        ApiClient registrar = instances.client(i);
        assertThat(
                registrar.postForm("/users", Map.of("email", email, "password", PASSWORD)).status())
            .isEqualTo(200);
        for (int instance = 0; instance < 3; instance++) {
          assertThat(
                  instances
                      .client(instance)
                      .postForm("/sessions", Map.of("email", email, "password", PASSWORD))
                      .status())
              .isEqualTo(200);
        }
      }
      int events = users * 4;

      List<Delivery> got =
          receiver.awaitReceived(
              all -> all.stream().map(Delivery::id).distinct().count() == events, WAIT);

      assertThat(got).allSatisfy(d -> assertThat(d.verified()).isTrue());
      List<String> written =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT message_id FROM webhook_deliveries")
                          .mapTo(String.class)
                          .list());
      assertThat(new HashSet<>(got.stream().map(Delivery::id).toList()))
          .containsExactlyInAnyOrderElementsOf(written);
      for (String id : written) {
        assertThat(
                got.stream()
                    .filter(d -> d.id().equals(id))
                    .map(d -> d.body().toString())
                    .distinct())
            .as("every copy of " + id + " is the same event")
            .hasSize(1);
      }
      for (Delivery created : got.stream().filter(d -> d.type().equals("user.created")).toList()) {
        String user = created.body().path("data").path("user_id").asText();
        assertThat(
                got.stream()
                    .filter(d -> d.body().path("data").path("user_id").asText().equals(user))
                    .map(Delivery::type)
                    .findFirst())
            .as("a user's first event is its creation")
            .contains("user.created");
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      WebhookDeliveryStore deliveries = new WebhookDeliveryStore(database.jdbi());
      while (deliveries.countPending() > 0) {
        assertThat(System.nanoTime()).as("every delivery recorded").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }
}
