package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook endpoints, over the {@code webhook_endpoints} table. Event names are kept
 * space-separated, or NULL for every event. Thread-safe: each call takes a pooled connection, or
 * joins the transaction open on the calling thread.
 */
public final class WebhookEndpointStore {

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public WebhookEndpointStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Adds {@code endpoint}; its id must be new. */
  public void add(StoredWebhookEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    """
                    INSERT INTO webhook_endpoints
                      (id, url, events, secret, created_at, secret_rotated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                .bind(0, endpoint.id())
                .bind(1, endpoint.url())
                .bind(2, endpoint.events().map(names -> String.join(" ", names)).orElse(null))
                .bind(3, endpoint.sealedSecret())
                .bind(4, endpoint.createdAt().toEpochMilli())
                .bind(5, endpoint.secretRotatedAt().toEpochMilli())
                .execute());
  }

  /** Returns the endpoint {@code id}, if there is one. */
  public Optional<StoredWebhookEndpoint> find(String id) {
    Objects.requireNonNull(id, "id");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM webhook_endpoints WHERE id = ?")
                .bind(0, id)
                .map((row, context) -> map(row))
                .findOne());
  }

  /** Returns every endpoint, oldest first (then by id). */
  public List<StoredWebhookEndpoint> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM webhook_endpoints ORDER BY created_at, id")
                .map((row, context) -> map(row))
                .list());
  }

  /**
   * Deletes the endpoint {@code id}.
   *
   * @return whether there was one
   */
  public boolean remove(String id) {
    Objects.requireNonNull(id, "id");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate("DELETE FROM webhook_endpoints WHERE id = ?")
                    .bind(0, id)
                    .execute())
        == 1;
  }

  /**
   * Replaces the sealed secret of the endpoint {@code id} by {@code sealedSecret}, made at {@code
   * now}.
   *
   * @return whether there was such an endpoint
   */
  public boolean replaceSecret(String id, String sealedSecret, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(now, "now");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE webhook_endpoints SET secret = ?, secret_rotated_at = ?"
                            + " WHERE id = ?")
                    .bind(0, sealedSecret)
                    .bind(1, now.toEpochMilli())
                    .bind(2, id)
                    .execute())
        == 1;
  }

  private static StoredWebhookEndpoint map(ResultSet row) throws SQLException {
    String events = row.getString("events");
    return new StoredWebhookEndpoint(
        row.getString("id"),
        row.getString("url"),
        Optional.ofNullable(events).map(names -> Arrays.asList(names.split(" "))),
        row.getString("secret"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("secret_rotated_at")));
  }
}
