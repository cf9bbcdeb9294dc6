package io.bienvenue.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.StoredWebhookEndpoint;
import io.bienvenue.store.Stores;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes webhook events to the webhook outbox, one delivery per endpoint that wants the event.
 * Called inside the transaction of the change it reports, an event commits or rolls back with it:
 * it exists if and only if the change happened. Thread-safe.
 *
 * <p>The payload is the Standard Webhooks form, fixed when the event is written: {@code {"type":
 * "user.created", "timestamp": "<ISO-8601>", "data": {"user_id": <public id>, "email": …, …}}}. It
 * names the user by the public id apps know (the OpenID Connect {@code sub}) and the address, and
 * never carries a password, token, hash or secret: callers add only public facts to {@code data}.
 * Each event gets a random id ({@code msg_…}, the {@code webhook-id} header), the same at every
 * endpoint and every attempt, so a receiver can drop duplicates.
 */
public final class WebhookEvents {

  /** What starts every event id. */
  public static final String MESSAGE_ID_PREFIX = "msg_";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookEndpointStore endpoints;
  private final WebhookDeliveryStore deliveries;
  private final Tokens tokens;
  private final Clock clock;

  /** Creates the writer over the two webhook stores. */
  public WebhookEvents(
      WebhookEndpointStore endpoints, WebhookDeliveryStore deliveries, Tokens tokens, Clock clock) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The writer over the webhook stores of {@code stores}: the one way every part of the service
   * (the flows, the operator's commands, the import) builds it.
   */
  public static WebhookEvents over(Stores stores, Tokens tokens, Clock clock) {
    return new WebhookEvents(stores.webhookEndpoints(), stores.webhookDeliveries(), tokens, clock);
  }

  /**
   * Writes {@code event} about {@code user}, with nothing more in its data, in the transaction open
   * on this thread (if any).
   */
  public void record(WebhookEvent event, User user) {
    record(event, user, Map.of());
  }

  /**
   * Writes {@code event} about {@code user}, with {@code details} added to its data after the
   * user's id and email, in the transaction open on this thread (if any): call it last in the
   * change's transaction, so that it commits or rolls back with the change. Does nothing when no
   * endpoint wants the event.
   *
   * @param details public facts only (names, ids, flags), never a secret; the keys {@code user_id}
   *     and {@code email} are the user's
   */
  public void record(WebhookEvent event, User user, Map<String, ?> details) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(details, "details");
    List<String> wanting =
        endpoints.list().stream()
            .filter(endpoint -> wants(endpoint, event))
            .map(StoredWebhookEndpoint::id)
            .toList();
    if (wanting.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    String messageId = MESSAGE_ID_PREFIX + tokens.newId();
    deliveries.enqueue(
        wanting,
        messageId,
        event.wireName(),
        user.publicId(),
        payload(event, user, details, now),
        now);
  }

  private static boolean wants(StoredWebhookEndpoint endpoint, WebhookEvent event) {
    return endpoint.events().map(names -> names.contains(event.wireName())).orElse(true);
  }

  private static String payload(
      WebhookEvent event, User user, Map<String, ?> details, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("user_id", user.publicId());
    data.put("email", user.email());
    details.forEach(data::putIfAbsent);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.wireName());
    body.put("timestamp", now.toString());
    body.put("data", data);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an event's details must be plain JSON values", e);
    }
  }
}
