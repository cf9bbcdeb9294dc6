package io.bienvenue.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook endpoint as the {@code webhook_endpoints} table keeps it. The signing secret is only
 * ever here sealed; the webhooks layer seals and opens it. {@link #toString()} leaves the sealed
 * secret out. Instances are immutable.
 *
 * @param id its random public id
 * @param url where deliveries go
 * @param events the names of the events it wants; empty for every event
 * @param sealedSecret its signing secret, sealed by the secrets key
 * @param createdAt when it was added
 * @param secretRotatedAt when its secret was last made (its creation, until a rotation)
 */
public record StoredWebhookEndpoint(
    String id,
    String url,
    Optional<List<String>> events,
    String sealedSecret,
    Instant createdAt,
    Instant secretRotatedAt) {

  /** Checks that no part is null, and copies the events. */
  public StoredWebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = Objects.requireNonNull(events, "events").map(List::copyOf);
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(secretRotatedAt, "secretRotatedAt");
  }

  @Override
  public String toString() {
    return "StoredWebhookEndpoint[id=" + id + ", url=" + url + ", events=" + events + "]";
  }
}
