package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.store.Database;
import io.bienvenue.store.StoredWebhookDelivery;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.WebhookReceiver;
import io.bienvenue.webhooks.WebhookEndpoints;
import io.bienvenue.webhooks.WebhookSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-http rule in a production service: a delivery to an {@code http} endpoint fails at
 * once, with a last error that says what to do, unless the host is allowed, when it is delivered
 * and verifies.
 */
class WebhookProductionTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path folder;
  private GreenMail smtp;
  private RunningService service;
  private Database database;
  private WebhookReceiver receiver;

  @BeforeEach
  void receiverAndMail() throws Exception {
    smtp =
        new GreenMail(
            new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    if (database != null) {
      database.close();
    }
    receiver.close();
    smtp.stop();
  }

  private void start(Set<String> allowedHttpHosts) {
    Path file = folder.resolve("production.db");
    service =
        new RunningService(
            ConfigBuilder.from(ProductionConfigs.of(file, smtp.getSmtp().getPort()))
                .webhooks(
                    new WebhookSettings(
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        4,
                        List.of(Duration.ofMillis(100)),
                        allowedHttpHosts))
                .build(),
            Clock.systemUTC());
    database = Database.open(file.toString(), 1);
    receiver.verifyingWith(
        new WebhookEndpoints(
                new WebhookEndpointStore(database.jdbi()),
                TestSecrets.box(),
                new SecureRandom(),
                Clock.systemUTC())
            .add(receiver.url(), Set.of())
            .secret());
    assertThat(
            service
                .client
                .postForm(
                    "/users", Map.of("email", "ada@example.org", "password", "a-long-passphrase"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aPlainHttpEndpointFailsAtOnceInProduction() throws Exception {
    start(Set.of());

    WebhookDeliveryStore deliveries = new WebhookDeliveryStore(database.jdbi());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (deliveries.failed(1).isEmpty()) {
      assertThat(System.nanoTime()).as("failed in time").isLessThan(deadline);
      Thread.sleep(50);
    }
    StoredWebhookDelivery failed = deliveries.failed(1).get(0);
    assertThat(failed.attempts()).as("no retry").isEqualTo(1);
    assertThat(failed.lastError().orElseThrow())
        .isEqualTo(
            "plain http is refused in production: use https, or allow the host with"
                + " --webhook-allow-http-host 127.0.0.1");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void anAllowedHostIsDeliveredToOverPlainHttp() throws Exception {
    start(Set.of("127.0.0.1"));

    assertThat(receiver.awaitCount(1, WAIT))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.type()).isEqualTo("user.created");
              assertThat(d.verified()).isTrue();
            });
  }
}
