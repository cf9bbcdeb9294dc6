package io.bienvenue.webhooks;

import io.bienvenue.auth.WebhookEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A registered webhook endpoint, without its secret. Instances are immutable.
 *
 * @param id its random public id
 * @param url where deliveries go
 * @param events the events it wants; empty for every event
 * @param createdAt when it was added
 * @param secretRotatedAt when its secret was made
 */
public record WebhookEndpoint(
    String id,
    String url,
    Optional<Set<WebhookEvent>> events,
    Instant createdAt,
    Instant secretRotatedAt) {

  /** Checks that no part is null, and copies the events. */
  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = Objects.requireNonNull(events, "events").map(Set::copyOf);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(secretRotatedAt, "secretRotatedAt");
  }

  /** Tells whether it wants {@code event}. */
  public boolean wants(WebhookEvent event) {
    return events.map(wanted -> wanted.contains(event)).orElse(true);
  }
}
