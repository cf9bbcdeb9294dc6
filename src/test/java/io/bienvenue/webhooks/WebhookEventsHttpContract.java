package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.store.Database;
import io.bienvenue.store.StoredWebhookDelivery;
import io.bienvenue.store.StoredWebhookEndpoint;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook events the service writes, over the real server, on the database a subclass gives:
 * each change the API makes leaves one delivery per endpoint that wants its event, with the
 * Standard Webhooks payload, the user's public id and email and nothing secret; a refused change
 * leaves none. Delivery itself is {@code WebhookDispatcher}'s, tested apart.
 */
abstract class WebhookEventsHttpContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "pwd-of-ada-long";

  private ServiceOnDatabase service;
  private ApiClient api;
  private Database database;
  private WebhookDeliveryStore deliveries;

  /** A new, empty database for one test. */
  abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void start() throws Exception {
    service = ServiceOnDatabase.start(newDatabase());
    api = service.running.client;
    database = Database.open(service.database.location(), 1);
    deliveries = new WebhookDeliveryStore(database.jdbi());
  }

  @AfterEach
  void stop() {
    if (database != null) {
      database.close();
    }
    if (service != null) {
      service.close();
    }
  }

  /** Registers an endpoint straight in the store: what it wants matters here, not its secret. */
  private void endpoint(String id, Optional<List<String>> events) {
    Instant now = Instant.now();
    new WebhookEndpointStore(database.jdbi())
        .add(
            new StoredWebhookEndpoint(
                id, "https://" + id + ".example/hook", events, "not-opened-here", now, now));
  }

  /**
   * Every delivery written so far, in the order a dispatcher gets them: claimed and marked
   * delivered, round after round, since a user's later events wait for the earlier ones.
   */
  private List<StoredWebhookDelivery> written() {
    List<StoredWebhookDelivery> all = new ArrayList<>();
    Instant later = Instant.now().plusSeconds(3600);
    List<StoredWebhookDelivery> round;
    while (!(round = deliveries.claimDue(later, Duration.ofSeconds(1), 1000)).isEmpty()) {
      for (StoredWebhookDelivery delivery : round) {
        deliveries.markDelivered(delivery.id(), later);
        all.add(delivery);
      }
    }
    return all;
  }

  private static JsonNode payload(StoredWebhookDelivery delivery) throws Exception {
    return JSON.readTree(delivery.payload());
  }

  private String publicIdOf(String[] session) {
    return api.get("/sessions/whoami", session).header("X-Bienvenue-User-Id").orElseThrow();
  }

  private String[] registerAndLogIn(String email) {
    assertThat(api.postForm("/users", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
    ApiClient.Reply login = api.postForm("/sessions", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.sessionCookie();
  }

  @Test
  void aRegistrationAndALoginAreEachOneEventWithTheUsersPublicIdAndNoSecret() throws Exception {
    endpoint("all", Optional.empty());

    String[] session = registerAndLogIn("ada@example.org");

    List<StoredWebhookDelivery> events = written();
    assertThat(events)
        .extracting(StoredWebhookDelivery::eventType)
        .containsExactly("user.created", "session.created");
    String publicId = publicIdOf(session);
    JsonNode created = payload(events.get(0));
    assertThat(created.path("type").asText()).isEqualTo("user.created");
    assertThat(Instant.parse(created.path("timestamp").asText())).isBefore(Instant.now());
    assertThat(created.path("data").path("user_id").asText()).isEqualTo(publicId);
    assertThat(created.path("data").path("email").asText()).isEqualTo("ada@example.org");
    JsonNode session0 = payload(events.get(1)).path("data");
    assertThat(session0.path("user_id").asText()).isEqualTo(publicId);
    assertThat(session0.path("amr").toString()).isEqualTo("[\"pwd\"]");
    assertThat(events).allSatisfy(e -> assertThat(e.userKey()).isEqualTo(publicId));
    assertThat(events).allSatisfy(e -> assertThat(e.messageId()).startsWith("msg_"));
    assertThat(events.get(0).messageId()).isNotEqualTo(events.get(1).messageId());
    for (StoredWebhookDelivery event : events) {
      assertThat(event.payload()).doesNotContain(PASSWORD).doesNotContain(session[1]);
      assertThat(event.payload().toLowerCase()).doesNotContain("hash").doesNotContain("$2");
    }
  }

  @Test
  void anEndpointGetsOnlyTheEventsItWantsAndEveryEndpointTheSameId() throws Exception {
    endpoint("all", Optional.empty());
    endpoint("signups", Optional.of(List.of("user.created")));

    registerAndLogIn("ada@example.org");

    List<StoredWebhookDelivery> events = written();
    assertThat(events)
        .extracting(e -> e.endpointId() + ":" + e.eventType())
        .containsExactlyInAnyOrder(
            "all:user.created", "signups:user.created", "all:session.created");
    assertThat(events.stream().filter(e -> e.eventType().equals("user.created")))
        .extracting(StoredWebhookDelivery::messageId)
        .containsOnly(events.get(0).messageId());
  }

  @Test
  void aRefusedRegistrationOrLoginWritesNoEvent() {
    registerAndLogIn("ada@example.org");
    endpoint("all", Optional.empty());

    assertThat(
            api.postForm("/users", Map.of("email", "ADA@example.org", "password", PASSWORD))
                .status())
        .isEqualTo(400);
    assertThat(
            api.postForm("/sessions", Map.of("email", "ada@example.org", "password", "wrong"))
                .status())
        .isEqualTo(401);

    assertThat(written()).isEmpty();
  }

  @Test
  void withNoEndpointNothingIsWritten() {
    registerAndLogIn("ada@example.org");

    assertThat(written()).isEmpty();
  }
}
