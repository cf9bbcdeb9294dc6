package io.bienvenue.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the {@code webhook_deliveries} table: an event to post to one endpoint. A delivery is
 * finished once delivered or failed (given up); until then it is pending. Instances are immutable.
 *
 * @param id the primary key, in the order the events were written
 * @param endpointId the endpoint it goes to
 * @param messageId the event's id ({@code webhook-id}), the same at every endpoint and every
 *     attempt
 * @param eventType the event's name, such as {@code user.created}
 * @param userKey whose change it reports: one endpoint gets one user's events in order
 * @param payload the JSON body as the receiver gets it
 * @param createdAt when the event was written, in the transaction of its change
 * @param nextAttemptAt it is not posted before this time
 * @param attempts how many attempts failed
 * @param claimedUntil the end of the lease a dispatcher holds on it, if one was ever taken
 * @param deliveredAt when the receiver took it, if it did
 * @param failedAt when it was given up after the last retry, if it was
 * @param lastError why the last attempt failed, if one did
 */
public record StoredWebhookDelivery(
    long id,
    String endpointId,
    String messageId,
    String eventType,
    String userKey,
    String payload,
    Instant createdAt,
    Instant nextAttemptAt,
    int attempts,
    Optional<Instant> claimedUntil,
    Optional<Instant> deliveredAt,
    Optional<Instant> failedAt,
    Optional<String> lastError) {

  /** Checks that no component is null. */
  public StoredWebhookDelivery {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(claimedUntil, "claimedUntil");
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(lastError, "lastError");
  }

  /** Tells whether it was delivered or given up, and so will not be posted again by itself. */
  public boolean finished() {
    return deliveredAt.isPresent() || failedAt.isPresent();
  }
}
