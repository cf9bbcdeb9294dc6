package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.store.StoredWebhookDelivery;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook dispatcher against a real receiver that checks every signature with the Svix library,
 * on the database a subclass gives. Rounds are run by the test, on a clock it moves by the retry
 * schedule, so nothing waits for a retry: a delivered event, signed; a rotated secret used at once;
 * a receiver down, answering 500, hanging, or redirecting; a user's events in order; the production
 * rule on plain http; the meters.
 */
abstract class WebhookDispatcherContract {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<Duration> RETRIES =
      List.of(Duration.ofSeconds(5), Duration.ofMinutes(1));
  private static final WebhookSettings SETTINGS =
      new WebhookSettings(
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          4,
          RETRIES,
          Set.of());

  private TestDatabase backend;
  private Database database;
  private WebhookDeliveryStore deliveries;
  private WebhookEndpoints endpoints;
  private MutableClock clock;
  private MeterRegistry metrics;
  private WebhookReceiver receiver;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private int events;

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  @BeforeEach
  void open() {
    backend = newDatabase();
    database = Database.open(backend.location(), 4);
    deliveries = new WebhookDeliveryStore(database.jdbi());
    // Svix refuses a timestamp more than 5 minutes from its own clock: the test's starts now.
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    endpoints =
        new WebhookEndpoints(
            new WebhookEndpointStore(database.jdbi()),
            TestSecrets.box(),
            new SecureRandom(),
            clock);
    metrics = new SimpleMeterRegistry();
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    receiver.close();
    database.close();
    backend.close();
  }

  private WebhookDispatcher dispatcher(WebhookSettings settings, boolean production) {
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(deliveries, endpoints, settings, production, metrics, clock);
    closing.add(dispatcher);
    return dispatcher;
  }

  private WebhookDispatcher dispatcher() {
    return dispatcher(SETTINGS, false);
  }

  /** Registers an endpoint for {@code url}, and makes the receiver check with its secret. */
  private String endpoint(String url) {
    WebhookSecret added = endpoints.add(url, Set.of());
    receiver.verifyingWith(added.secret());
    return added.endpoint().id();
  }

  /** Writes an event of {@code userKey} for {@code endpointId}, and returns its message id. */
  private String event(String endpointId, String userKey) {
    String messageId = "msg_test" + ++events;
    deliveries.enqueue(
        List.of(endpointId),
        messageId,
        "user.created",
        userKey,
        "{\"type\":\"user.created\",\"timestamp\":\"2026-12-07T00:00:00Z\",\"data\":{\"n\":"
            + events
            + "}}",
        clock.instant());
    return messageId;
  }

  private StoredWebhookDelivery only() {
    return deliveries.find(firstId()).orElseThrow();
  }

  private long firstId() {
    return database
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT min(id) FROM webhook_deliveries").mapTo(Long.class).one());
  }

  private double count(String outcome) {
    return metrics.get("bienvenue.webhook.deliveries").tag("outcome", outcome).counter().count();
  }

  @Test
  void anEventIsPostedSignedAndTheReceiversLibraryVerifiesIt() {
    String endpoint = endpoint(receiver.url());
    String id = event(endpoint, "u1");

    assertThat(dispatcher().dispatchDue()).isEqualTo(1);

    assertThat(receiver.received()).hasSize(1);
    WebhookReceiver.Delivery got = receiver.received().get(0);
    assertThat(got.verified()).isTrue();
    assertThat(got.id()).isEqualTo(id);
    assertThat(got.type()).isEqualTo("user.created");
    assertThat(got.header("webhook-timestamp"))
        .contains(Long.toString(clock.instant().getEpochSecond()));
    assertThat(got.header("webhook-signature").orElseThrow()).startsWith("v1,");
    assertThat(got.header("content-type")).contains("application/json");
    assertThat(got.header("user-agent").orElseThrow()).contains("Bienvenue");
    assertThat(only().deliveredAt()).contains(clock.instant());
    assertThat(count("delivered")).isEqualTo(1);
  }

  @Test
  void aWrongSecretFailsTheReceiversVerification() {
    String endpoint = endpoint(receiver.url());
    receiver.verifyingWith(endpoints.add("https://other.example/hook", Set.of()).secret());
    event(endpoint, "u1");

    dispatcher().dispatchDue();

    assertThat(receiver.received()).singleElement().extracting(d -> d.verified()).isEqualTo(false);
  }

  @Test
  void aRotatedSecretSignsTheNextDeliveryAtOnce() {
    String endpoint = endpoint(receiver.url());
    WebhookDispatcher dispatcher = dispatcher();
    event(endpoint, "u1");
    dispatcher.dispatchDue();

    receiver.verifyingWith(endpoints.rotateSecret(endpoint).secret());
    event(endpoint, "u1");
    dispatcher.dispatchDue();

    assertThat(receiver.received()).hasSize(2).allSatisfy(d -> assertThat(d.verified()).isTrue());
  }

  @Test
  void aReceiverAnswering500IsRetriedOnTheScheduleThenTheDeliveryFailsAndIsRedeliveredWithItsId() {
    String endpoint = endpoint(receiver.answering(500).url());
    String id = event(endpoint, "u1");
    WebhookDispatcher dispatcher = dispatcher();

    assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    StoredWebhookDelivery first = only();
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.lastError()).contains("HTTP 500");
    assertThat(first.nextAttemptAt()).isEqualTo(clock.instant().plus(RETRIES.get(0)));
    clock.advance(RETRIES.get(0).minusMillis(1));
    assertThat(dispatcher.dispatchDue()).as("not due before its retry").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    clock.advance(RETRIES.get(1));
    assertThat(dispatcher.dispatchDue()).isEqualTo(1);

    StoredWebhookDelivery failed = only();
    assertThat(failed.failedAt()).contains(clock.instant());
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.lastError()).contains("gave up after 3 attempts: HTTP 500");
    assertThat(deliveries.failed(10))
        .extracting(StoredWebhookDelivery::id)
        .containsExactly(failed.id());
    // (Less than 5 minutes in all, the tolerance of the receiver's library.)
    clock.advance(Duration.ofMinutes(2));
    assertThat(dispatcher.dispatchDue()).as("a failed delivery waits for the operator").isZero();
    assertThat(count("retried")).isEqualTo(2);
    assertThat(count("failed")).isEqualTo(1);

    receiver.answering(200);
    assertThat(deliveries.redeliver(failed.id(), clock.instant())).isTrue();
    assertThat(dispatcher.dispatchDue()).isEqualTo(1);

    assertThat(receiver.received())
        .hasSize(4)
        .allSatisfy(d -> assertThat(d.id()).isEqualTo(id))
        .allSatisfy(d -> assertThat(d.verified()).isTrue());
    assertThat(only().deliveredAt()).isPresent();
  }

  @Test
  void aReceiverThatIsDownLosesNothingAndGetsAUsersEventsInOrderOnceBack() {
    WebhookReceiver later = WebhookReceiver.down();
    closing.add(later);
    String endpoint = endpoint(later.url());
    later.verifyingWith(endpoints.rotateSecret(endpoint).secret());
    List<String> ada =
        List.of(event(endpoint, "ada"), event(endpoint, "ada"), event(endpoint, "ada"));
    String bob = event(endpoint, "bob");
    WebhookDispatcher dispatcher = dispatcher();

    assertThat(dispatcher.dispatchDue())
        .as("one per user: the others wait their turn")
        .isEqualTo(2);
    assertThat(only().lastError().orElseThrow()).contains("could not connect");
    later.listen();
    for (int round = 0; round < 10 && deliveries.countPending() > 0; round++) {
      clock.advance(RETRIES.get(0));
      dispatcher.dispatchDue();
    }

    assertThat(deliveries.countPending()).isZero();
    List<WebhookReceiver.Delivery> got = later.received();
    assertThat(got).allSatisfy(d -> assertThat(d.verified()).isTrue());
    assertThat(got)
        .extracting(WebhookReceiver.Delivery::id)
        .containsExactlyInAnyOrder(ada.get(0), ada.get(1), ada.get(2), bob);
    assertThat(got.stream().map(WebhookReceiver.Delivery::id).filter(ada::contains))
        .containsExactlyElementsOf(ada);
  }

  @Test
  void aReceiverThatHangsTimesOutAndIsRetried() throws Exception {
    String endpoint = endpoint(receiver.hanging().url());
    event(endpoint, "u1");
    WebhookSettings quick =
        new WebhookSettings(
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            4,
            RETRIES,
            Set.of());

    dispatcher(quick, false).dispatchDue();
    receiver.release();

    StoredWebhookDelivery delivery = only();
    assertThat(delivery.deliveredAt()).isEmpty();
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastError().orElseThrow()).contains("no answer within 500 ms");
  }

  @Test
  void aRedirectIsAFailedAttemptAndIsNeverFollowed() {
    WebhookReceiver second = WebhookReceiver.start();
    closing.add(second);
    String endpoint = endpoint(receiver.redirectingTo(second.url()).url());
    event(endpoint, "u1");

    dispatcher().dispatchDue();

    assertThat(receiver.received()).hasSize(1);
    assertThat(second.received()).isEmpty();
    assertThat(only().lastError().orElseThrow()).contains("HTTP 302 (redirects are not followed)");
    assertThat(only().deliveredAt()).isEmpty();
  }

  @Test
  void productionRefusesPlainHttpAtOnceUnlessTheHostIsAllowed() {
    String endpoint = endpoint(receiver.url());
    event(endpoint, "u1");

    dispatcher(SETTINGS, true).dispatchDue();

    assertThat(receiver.received()).isEmpty();
    StoredWebhookDelivery refused = only();
    assertThat(refused.failedAt()).isPresent();
    assertThat(refused.attempts()).isEqualTo(1);
    assertThat(refused.lastError().orElseThrow())
        .contains("plain http is refused in production")
        .contains("--webhook-allow-http-host 127.0.0.1");

    deliveries.redeliver(refused.id(), clock.instant());
    dispatcher(SETTINGS.withAllowedHttpHosts(Set.of("127.0.0.1")), true).dispatchDue();

    assertThat(receiver.received()).singleElement().extracting(d -> d.verified()).isEqualTo(true);
  }

  @Test
  void theMetersCountTheBacklogTheFailedAndTheAgeOfTheOldest() {
    String endpoint = endpoint(receiver.answering(500).url());
    WebhookDispatcher dispatcher =
        dispatcher(
            new WebhookSettings(
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                4,
                List.of(),
                Set.of()),
            false);
    event(endpoint, "u1");
    event(endpoint, "u2");
    clock.advance(Duration.ofSeconds(90));

    assertThat(metrics.get("bienvenue.webhook.pending").gauge().value()).isEqualTo(2);
    assertThat(metrics.get("bienvenue.webhook.oldest.pending.age").gauge().value()).isEqualTo(90);
    assertThat(metrics.get("bienvenue.webhook.failed").gauge().value()).isZero();

    dispatcher.dispatchDue();

    assertThat(metrics.get("bienvenue.webhook.pending").gauge().value()).isZero();
    assertThat(metrics.get("bienvenue.webhook.failed").gauge().value()).isEqualTo(2);
    assertThat(metrics.get("bienvenue.webhook.oldest.pending.age").gauge().value()).isZero();
    assertThat(count("failed")).isEqualTo(2);
  }

  @Test
  void theBackgroundThreadDeliversWhatIsWrittenAndStopsOnClose() throws Exception {
    String endpoint = endpoint(receiver.url());
    WebhookDispatcher dispatcher = dispatcher();
    dispatcher.start();

    String id = event(endpoint, "u1");

    assertThat(receiver.awaitCount(1, WAIT))
        .extracting(WebhookReceiver.Delivery::id)
        .containsExactly(id);
    dispatcher.close();
    event(endpoint, "u1");
    assertThat(dispatcher.dispatchDue()).as("closed").isZero();
    assertThat(deliveries.countPending()).isEqualTo(1);
  }
}
