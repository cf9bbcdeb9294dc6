package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The registry of OAuth clients, over the {@code oauth_clients} table and the redirect URIs of
 * {@code oauth_client_redirect_uris}. A client and its URIs are written and removed together, in
 * one transaction; replacing a secret hash is one update, so the old secret stops working the
 * moment the new one is stored. Thread-safe: each call takes a pooled connection, or joins the
 * transaction open on the calling thread.
 */
public final class ClientStore {

  private static final String LOGIN = "login";
  private static final String POST_LOGOUT = "post_logout";

  private final Jdbi jdbi;

  /** Creates a store over {@code jdbi}. */
  public ClientStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Saves {@code client} with its redirect URIs.
   *
   * @throws org.jdbi.v3.core.statement.StatementException if a client with its id exists
   */
  public void add(StoredClient client) {
    Objects.requireNonNull(client, "client");
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate(
                  """
                  INSERT INTO oauth_clients (client_id, name, client_type, secret_hash, consent,
                      refresh_tokens, id_token_alg, created_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                  """)
              .bind(0, client.clientId())
              .bind(1, client.name())
              .bind(2, client.confidential() ? "confidential" : "public")
              .bind(3, client.secretHash().orElse(null))
              .bind(4, client.consent() ? 1 : 0)
              .bind(5, client.refreshTokens() ? 1 : 0)
              .bind(6, client.idTokenAlgorithm())
              .bind(7, client.createdAt().toEpochMilli())
              .execute();
          insertUris(handle, client.clientId(), LOGIN, client.redirectUris());
          insertUris(handle, client.clientId(), POST_LOGOUT, client.postLogoutRedirectUris());
        });
  }

  /** Returns the client with id {@code clientId}, if one is registered. */
  public Optional<StoredClient> find(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return jdbi
        .withHandle(
            handle ->
                clients(
                    handle
                        .createQuery(
                            """
                            SELECT c.*, u.kind, u.uri FROM oauth_clients c
                            LEFT JOIN oauth_client_redirect_uris u ON u.client_id = c.client_id
                            WHERE c.client_id = ?
                            ORDER BY u.ordinal
                            """)
                        .bind(0, clientId)))
        .stream()
        .findFirst();
  }

  /** Returns every registered client, oldest first (then by id). */
  public List<StoredClient> list() {
    return jdbi.withHandle(
        handle ->
            clients(
                handle.createQuery(
                    """
                    SELECT c.*, u.kind, u.uri FROM oauth_clients c
                    LEFT JOIN oauth_client_redirect_uris u ON u.client_id = c.client_id
                    ORDER BY c.created_at, c.client_id, u.ordinal
                    """)));
  }

  /**
   * Removes the client with id {@code clientId} and its redirect URIs.
   *
   * @return whether there was such a client
   */
  public boolean remove(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return jdbi.inTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM oauth_client_redirect_uris WHERE client_id = ?")
              .bind(0, clientId)
              .execute();
          return handle
                  .createUpdate("DELETE FROM oauth_clients WHERE client_id = ?")
                  .bind(0, clientId)
                  .execute()
              == 1;
        });
  }

  /**
   * Replaces the secret hash of the confidential client {@code clientId} by {@code secretHash}.
   *
   * @return false, writing nothing, if there is no such client or it is public
   */
  public boolean replaceSecretHash(String clientId, String secretHash) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(secretHash, "secretHash");
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE oauth_clients SET secret_hash = ?
                        WHERE client_id = ? AND client_type = 'confidential'
                        """)
                    .bind(0, secretHash)
                    .bind(1, clientId)
                    .execute())
        == 1;
  }

  private static void insertUris(Handle handle, String clientId, String kind, List<String> uris) {
    for (int ordinal = 0; ordinal < uris.size(); ordinal++) {
      handle
          .createUpdate(
              """
              INSERT INTO oauth_client_redirect_uris (client_id, kind, ordinal, uri)
              VALUES (?, ?, ?, ?)
              """)
          .bind(0, clientId)
          .bind(1, kind)
          .bind(2, ordinal)
          .bind(3, uris.get(ordinal))
          .execute();
    }
  }

  /**
   * The clients of {@code query}, one row per redirect URI (or one with none): a single statement,
   * so it reads the client and its URIs as of one moment without a transaction, which on SQLite
   * would take the write lock. Clients come in the order of their first rows, URIs in row order.
   */
  private static List<StoredClient> clients(Query query) {
    return query.scanResultSet(
        (results, context) -> {
          Map<String, Row> clients = new LinkedHashMap<>();
          ResultSet row = results.get();
          while (row.next()) {
            String clientId = row.getString("client_id");
            Row client = clients.get(clientId);
            if (client == null) {
              client = new Row(row);
              clients.put(clientId, client);
            }
            String kind = row.getString("kind");
            if (kind != null) {
              (kind.equals(LOGIN) ? client.login : client.postLogout).add(row.getString("uri"));
            }
          }
          return clients.values().stream().map(Row::client).toList();
        });
  }

  /** One client's columns, and its two lists of URIs filled row by row. */
  private static final class Row {
    private final String clientId;
    private final String name;
    private final boolean confidential;
    private final Optional<String> secretHash;
    private final boolean consent;
    private final boolean refreshTokens;
    private final String idTokenAlgorithm;
    private final Instant createdAt;
    final List<String> login = new ArrayList<>();
    final List<String> postLogout = new ArrayList<>();

    Row(ResultSet row) throws SQLException {
      clientId = row.getString("client_id");
      name = row.getString("name");
      confidential = row.getString("client_type").equals("confidential");
      secretHash = Optional.ofNullable(row.getString("secret_hash"));
      consent = row.getInt("consent") == 1;
      refreshTokens = row.getInt("refresh_tokens") == 1;
      idTokenAlgorithm = row.getString("id_token_alg");
      createdAt = Instant.ofEpochMilli(row.getLong("created_at"));
    }

    StoredClient client() {
      return new StoredClient(
          clientId,
          name,
          confidential,
          secretHash,
          login,
          postLogout,
          consent,
          refreshTokens,
          idTokenAlgorithm,
          createdAt);
    }
  }
}
