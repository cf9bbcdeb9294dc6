package io.bienvenue.oauth;

import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ClientStore;
import io.bienvenue.store.StoredClient;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The registered OpenID Connect clients: registering one, looking one up, removing one and
 * replacing a confidential client's secret. A client id is 128 random bits and a secret 256, both
 * in unpadded base64url from {@link Tokens}; a secret is returned once, when made, and only its
 * hash is stored. Thread-safe.
 */
public final class ClientRegistry {

  private final ClientStore store;
  private final Tokens tokens;
  private final Clock clock;

  /** Creates a registry over {@code store}, drawing ids and secrets from {@code tokens}. */
  public ClientRegistry(ClientStore store, Tokens tokens, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Registers {@code request} under a new random id and, unless public, a new secret. */
  public RegisteredClient add(NewClient request) {
    Objects.requireNonNull(request, "request");
    Optional<String> secret =
        request.publicClient() ? Optional.empty() : Optional.of(tokens.newToken());
    Client client =
        new Client(
            tokens.newId(),
            request.name(),
            !request.publicClient(),
            secret.map(Client::hashSecret),
            request.redirectUris(),
            request.postLogoutRedirectUris(),
            request.consent(),
            request.refreshTokens(),
            request.idTokenAlgorithm(),
            // What the store keeps: the client returned is the one found later.
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    store.add(stored(client));
    return new RegisteredClient(client, secret);
  }

  /** Returns the client with id {@code clientId}, if one is registered. */
  public Optional<Client> find(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return store.find(clientId).map(ClientRegistry::client);
  }

  /** Returns every registered client, oldest first. */
  public List<Client> list() {
    return store.list().stream().map(ClientRegistry::client).toList();
  }

  /**
   * Removes the client with id {@code clientId}.
   *
   * @throws UnknownClientException if there is none
   */
  public void remove(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    if (!store.remove(clientId)) {
      throw new UnknownClientException(clientId);
    }
  }

  /**
   * Gives the confidential client {@code clientId} a new secret, which is returned; the old one
   * stops working at once.
   *
   * @throws UnknownClientException if there is no such client
   * @throws IllegalArgumentException if it is a public client, which has no secret
   */
  public RegisteredClient rotateSecret(String clientId) {
    Client client = find(clientId).orElseThrow(() -> new UnknownClientException(clientId));
    if (client.isPublic()) {
      throw new IllegalArgumentException("client " + clientId + " is public: it has no secret");
    }
    String secret = tokens.newToken();
    if (!store.replaceSecretHash(clientId, Client.hashSecret(secret))) {
      // Removed between the lookup and the update.
      throw new UnknownClientException(clientId);
    }
    return new RegisteredClient(
        find(clientId).orElseThrow(() -> new UnknownClientException(clientId)),
        Optional.of(secret));
  }

  private static StoredClient stored(Client client) {
    return new StoredClient(
        client.clientId(),
        client.name(),
        client.confidential(),
        client.secretHash(),
        client.redirectUris(),
        client.postLogoutRedirectUris(),
        client.consent(),
        client.refreshTokens(),
        client.idTokenAlgorithm().name(),
        client.createdAt());
  }

  private static Client client(StoredClient stored) {
    return new Client(
        stored.clientId(),
        stored.name(),
        stored.confidential(),
        stored.secretHash(),
        stored.redirectUris(),
        stored.postLogoutRedirectUris(),
        stored.consent(),
        stored.refreshTokens(),
        IdTokenAlgorithm.valueOf(stored.idTokenAlgorithm()),
        stored.createdAt());
  }
}
