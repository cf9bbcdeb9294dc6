package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.WebhookReceiver;
import io.bienvenue.testing.WebhookReceiver.Delivery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end, on the database a subclass gives: the whole service, its API making the
 * events, its dispatcher posting them to a real receiver that verifies every signature with the
 * Svix library. Retries are a fraction of a second apart, and the tests wait for arrivals, never
 * for a length of time.
 */
abstract class WebhookDeliveryHttpContract {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PASSWORD = "pwd-of-ada-long";
  private static final WebhookSettings QUICK =
      new WebhookSettings(
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          4,
          List.of(
              Duration.ofMillis(200),
              Duration.ofMillis(200),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1)),
          Set.of());

  private TestDatabase backend;
  private RunningService service;
  private ApiClient api;
  private Database database;
  private WebhookDeliveryStore deliveries;
  private WebhookEndpoints endpoints;
  private WebhookReceiver receiver;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    backend = newDatabase();
    service =
        new RunningService(
            ConfigBuilder.development(backend.location()).webhooks(QUICK).build(),
            Clock.systemUTC());
    api = service.client;
    database = Database.open(backend.location(), 2);
    deliveries = new WebhookDeliveryStore(database.jdbi());
    endpoints =
        new WebhookEndpoints(
            new WebhookEndpointStore(database.jdbi()),
            TestSecrets.box(),
            new SecureRandom(),
            Clock.systemUTC());
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (service != null) {
      service.close();
    }
    if (database != null) {
      database.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** Registers an endpoint for {@code hook}, which checks signatures with its secret. */
  private void endpoint(WebhookReceiver hook) {
    hook.verifyingWith(endpoints.add(hook.url(), Set.of()).secret());
  }

  private void register(String email) {
    assertThat(api.postForm("/users", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  private void logIn(String email) {
    assertThat(api.postForm("/sessions", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  private void awaitAttempted(int attempts) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM webhook_deliveries WHERE attempts >= ?")
                        .bind(0, attempts)
                        .mapTo(Long.class)
                        .one()
                    == 0)) {
      assertThat(System.nanoTime()).as("an attempt failed in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private void awaitNothingPending() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (deliveries.countPending() > 0) {
      assertThat(System.nanoTime()).as("every delivery recorded in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aRegistrationAndALoginAreDeliveredSignedAndVerified() throws Exception {
    endpoint(receiver);

    register("ada@example.org");
    logIn("ada@example.org");

    List<Delivery> got = receiver.awaitCount(2, WAIT);
    assertThat(got).extracting(Delivery::type).containsExactly("user.created", "session.created");
    assertThat(got).allSatisfy(d -> assertThat(d.verified()).isTrue());
    assertThat(got).allSatisfy(d -> assertThat(d.id()).startsWith("msg_"));
    assertThat(got.get(0).body().path("data").path("email").asText()).isEqualTo("ada@example.org");
    assertThat(got.get(1).body().path("data").path("user_id").asText())
        .isEqualTo(got.get(0).body().path("data").path("user_id").asText());
    awaitNothingPending();

    String metrics =
        new ApiClient("http://127.0.0.1:" + service.service.adminPort())
            .get("/metrics")
            .raw()
            .body();
    assertThat(metrics)
        .contains("bienvenue_webhook_deliveries_total{outcome=\"delivered\"} 2.0")
        .contains("bienvenue_webhook_pending 0.0")
        .contains("bienvenue_webhook_failed 0.0")
        .contains("bienvenue_webhook_oldest_pending_age_seconds 0.0");
  }

  @Test
  void aReceiverDownForAWhileLosesNothingAndGetsEachUsersEventsInOrder() throws Exception {
    receiver.stop();
    endpoint(receiver);

    register("ada@example.org");
    register("bob@example.org");
    logIn("ada@example.org");
    logIn("ada@example.org");
    logIn("bob@example.org");
    awaitAttempted(1);
    receiver.listen();

    List<Delivery> got = receiver.awaitCount(5, WAIT);
    assertThat(got).allSatisfy(d -> assertThat(d.verified()).isTrue());
    assertThat(got).extracting(Delivery::id).doesNotHaveDuplicates();
    for (String email : List.of("ada@example.org", "bob@example.org")) {
      String userId =
          got.stream()
              .filter(d -> d.body().path("data").path("email").asText().equals(email))
              .findFirst()
              .orElseThrow()
              .body()
              .path("data")
              .path("user_id")
              .asText();
      assertThat(
              got.stream()
                  .filter(d -> d.body().path("data").path("user_id").asText().equals(userId))
                  .map(Delivery::type))
          .as("the events of " + email)
          .first()
          .isEqualTo("user.created");
    }
    awaitNothingPending();
  }

  @Test
  void aHangingReceiverNeverHoldsUpARegistration() throws Exception {
    endpoint(receiver.hanging());
    register("ada@example.org");
    receiver.awaitHanging(WAIT);

    // The receiver holds the first event's request open: a registration answers regardless.
    register("bob@example.org");
    logIn("bob@example.org");
    assertThat(receiver.heldOpen()).as("the receiver still holds a delivery").isPositive();
    receiver.release();

    List<Delivery> got =
        receiver.awaitReceived(
            all ->
                all.stream().map(Delivery::type).filter("session.created"::equals).count() == 1
                    && all.stream()
                            .filter(d -> d.type().equals("user.created"))
                            .map(Delivery::id)
                            .distinct()
                            .count()
                        == 2,
            WAIT);
    assertThat(got).allSatisfy(d -> assertThat(d.verified()).isTrue());
  }

  @Test
  void aRedirectIsNotFollowedAndNothingReachesItsTarget() throws Exception {
    WebhookReceiver second = WebhookReceiver.start();
    try (second) {
      endpoint(receiver.redirectingTo(second.url()));

      register("ada@example.org");

      awaitAttempted(QUICK.retries().size() + 1);
      assertThat(deliveries.failed(10))
          .singleElement()
          .satisfies(d -> assertThat(d.lastError().orElseThrow()).contains("HTTP 302"));
      assertThat(receiver.received()).hasSize(QUICK.retries().size() + 1);
      assertThat(second.received()).isEmpty();
    }
  }
}
