package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class WebhookDeliveryStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final Duration LEASE = Duration.ofSeconds(30);

  private TestDatabase backend;
  private Database database;
  private WebhookDeliveryStore deliveries;
  private Transactor transactor;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    deliveries = new WebhookDeliveryStore(database.jdbi());
    transactor = new Transactor(database.jdbi());
    WebhookEndpointStore endpoints = new WebhookEndpointStore(database.jdbi());
    for (String id : List.of("a", "b")) {
      endpoints.add(
          new StoredWebhookEndpoint(
              id, "https://" + id + ".example/hook", Optional.empty(), "sealed", NOW, NOW));
    }
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private void event(String messageId, String userKey, String... endpointIds) {
    deliveries.enqueue(
        List.of(endpointIds),
        messageId,
        "user.created",
        userKey,
        "{\"type\":\"user.created\",\"id\":\"" + messageId + "\"}",
        NOW);
  }

  private List<String> claimedMessages(Instant at) {
    return deliveries.claimDue(at, LEASE, 10).stream()
        .map(d -> d.endpointId() + ":" + d.messageId())
        .toList();
  }

  @Test
  void anEventIsOneDeliveryPerEndpointWithItsPayload() {
    event("msg_1", "u1", "a", "b");

    List<StoredWebhookDelivery> claimed = deliveries.claimDue(NOW, LEASE, 10);

    assertThat(claimed).extracting(StoredWebhookDelivery::endpointId).containsExactly("a", "b");
    StoredWebhookDelivery first = claimed.get(0);
    assertThat(first.messageId()).isEqualTo("msg_1");
    assertThat(first.eventType()).isEqualTo("user.created");
    assertThat(first.userKey()).isEqualTo("u1");
    assertThat(first.payload()).isEqualTo("{\"type\":\"user.created\",\"id\":\"msg_1\"}");
    assertThat(first.createdAt()).isEqualTo(NOW);
    assertThat(first.attempts()).isZero();
    assertThat(first.claimedUntil()).contains(NOW.plus(LEASE));
    assertThat(first.finished()).isFalse();
  }

  @Test
  void noEndpointNoDelivery() {
    event("msg_1", "u1");

    assertThat(deliveries.countPending()).isZero();
  }

  @Test
  void anEventWrittenInARolledBackTransactionDoesNotExist() {
    assertThatThrownBy(
            () ->
                transactor.inTransaction(
                    () -> {
                      event("msg_1", "u1", "a");
                      throw new IllegalStateException("the change failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(deliveries.countPending()).isZero();
    assertThat(claimedMessages(NOW)).isEmpty();
  }

  @Test
  void aLeasedDeliveryIsNotClaimedAgainUntilItsLeaseRunsOut() {
    event("msg_1", "u1", "a");
    assertThat(claimedMessages(NOW)).containsExactly("a:msg_1");

    assertThat(claimedMessages(NOW.plusSeconds(1))).isEmpty();
    assertThat(claimedMessages(NOW.plus(LEASE))).containsExactly("a:msg_1");
  }

  @Test
  void oneUsersEventsToOneEndpointAreClaimedOneAfterTheOtherInOrder() {
    event("msg_1", "u1", "a", "b");
    event("msg_2", "u1", "a", "b");
    event("msg_3", "u2", "a");

    // The first of each endpoint and user only: the second waits for the first.
    assertThat(claimedMessages(NOW)).containsExactly("a:msg_1", "b:msg_1", "a:msg_3");
    StoredWebhookDelivery first = deliveries.claimDue(NOW.plus(LEASE), LEASE, 10).get(0);
    assertThat(first.messageId()).isEqualTo("msg_1");
    deliveries.markDelivered(first.id(), NOW.plus(LEASE));

    assertThat(claimedMessages(NOW.plus(LEASE))).containsExactly("a:msg_2");
  }

  @Test
  void aDeliveryWaitingForItsRetryHoldsBackTheUsersLaterEvents() {
    event("msg_1", "u1", "a");
    event("msg_2", "u1", "a");
    StoredWebhookDelivery first = deliveries.claimDue(NOW, LEASE, 10).get(0);

    deliveries.markRetry(first.id(), NOW.plusSeconds(5), "HTTP 500");

    assertThat(claimedMessages(NOW.plusSeconds(1))).isEmpty();
    StoredWebhookDelivery retried = deliveries.find(first.id()).orElseThrow();
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.lastError()).contains("HTTP 500");
    assertThat(retried.claimedUntil()).isEmpty();
    assertThat(claimedMessages(NOW.plusSeconds(5))).containsExactly("a:msg_1");
  }

  @Test
  void aFailedDeliveryIsKeptListedAndNoLongerHoldsTheOthersBack() {
    event("msg_1", "u1", "a");
    event("msg_2", "u1", "a");
    StoredWebhookDelivery first = deliveries.claimDue(NOW, LEASE, 10).get(0);

    deliveries.markFailed(first.id(), NOW.plusSeconds(1), "timed out");

    assertThat(claimedMessages(NOW.plusSeconds(1))).containsExactly("a:msg_2");
    assertThat(deliveries.failed(10))
        .extracting(StoredWebhookDelivery::messageId)
        .containsExactly("msg_1");
    StoredWebhookDelivery failed = deliveries.find(first.id()).orElseThrow();
    assertThat(failed.failedAt()).contains(NOW.plusSeconds(1));
    assertThat(failed.finished()).isTrue();
    assertThat(deliveries.countFailed()).isEqualTo(1);
    assertThat(deliveries.countPending()).isEqualTo(1);
  }

  @Test
  void aRedeliveredDeliveryIsPendingAgainWithItsIdAndPayload() {
    event("msg_1", "u1", "a");
    StoredWebhookDelivery first = deliveries.claimDue(NOW, LEASE, 10).get(0);
    deliveries.markFailed(first.id(), NOW, "HTTP 500");

    assertThat(deliveries.redeliver(first.id(), NOW.plusSeconds(60))).isTrue();
    assertThat(deliveries.redeliver(first.id(), NOW.plusSeconds(60))).isFalse();

    StoredWebhookDelivery again = deliveries.claimDue(NOW.plusSeconds(60), LEASE, 10).get(0);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.messageId()).isEqualTo("msg_1");
    assertThat(again.payload()).isEqualTo(first.payload());
    assertThat(again.attempts()).isZero();
    assertThat(deliveries.failed(10)).isEmpty();
  }

  @Test
  void everyFailedDeliveryCanBeRedeliveredAtOnce() {
    event("msg_1", "u1", "a");
    event("msg_2", "u2", "a");
    for (StoredWebhookDelivery d : deliveries.claimDue(NOW, LEASE, 10)) {
      deliveries.markFailed(d.id(), NOW, "HTTP 500");
    }

    assertThat(deliveries.redeliverAllFailed(NOW)).isEqualTo(2);
    assertThat(deliveries.countFailed()).isZero();
    assertThat(deliveries.countPending()).isEqualTo(2);
  }

  @Test
  void aFinishedDeliveryIsNotChangedByALateAttempt() {
    event("msg_1", "u1", "a");
    StoredWebhookDelivery first = deliveries.claimDue(NOW, LEASE, 10).get(0);
    deliveries.markDelivered(first.id(), NOW);

    deliveries.markRetry(first.id(), NOW.plusSeconds(5), "late");
    deliveries.markFailed(first.id(), NOW.plusSeconds(5), "late");

    StoredWebhookDelivery delivered = deliveries.find(first.id()).orElseThrow();
    assertThat(delivered.deliveredAt()).contains(NOW);
    assertThat(delivered.failedAt()).isEmpty();
    assertThat(delivered.attempts()).isZero();
    assertThat(claimedMessages(NOW.plus(LEASE))).isEmpty();
  }

  @Test
  void theBacklogCountsPendingDeliveriesAndKnowsTheOldest() {
    assertThat(deliveries.oldestPending()).isEmpty();
    event("msg_1", "u1", "a", "b");

    assertThat(deliveries.countPending()).isEqualTo(2);
    assertThat(deliveries.oldestPending()).contains(NOW);
  }

  @Test
  void deliveredRowsAreDeletedAfterTheCutoffAndOthersStay() {
    event("msg_1", "u1", "a");
    event("msg_2", "u2", "a");
    List<StoredWebhookDelivery> claimed = deliveries.claimDue(NOW, LEASE, 10);
    deliveries.markDelivered(claimed.get(0).id(), NOW);
    deliveries.markFailed(claimed.get(1).id(), NOW, "HTTP 500");

    assertThat(deliveries.deleteDeliveredBefore(NOW.plusSeconds(1))).isEqualTo(1);
    assertThat(deliveries.find(claimed.get(0).id())).isEmpty();
    assertThat(deliveries.find(claimed.get(1).id())).isPresent();
  }

  @Test
  void removingAnEndpointRemovesItsDeliveries() {
    event("msg_1", "u1", "a", "b");

    new WebhookEndpointStore(database.jdbi()).remove("a");

    assertThat(claimedMessages(NOW)).containsExactly("b:msg_1");
  }

  @Test
  void oneMessageIsWrittenOncePerEndpoint() {
    event("msg_1", "u1", "a");

    assertThatThrownBy(() -> event("msg_1", "u1", "a")).isInstanceOf(RuntimeException.class);
    assertThat(deliveries.countPending()).isEqualTo(1);
  }
}
