package io.bienvenue.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered OAuth client as the {@code oauth_clients} and {@code oauth_client_redirect_uris}
 * tables keep it. The rules on its values belong to the OAuth layer, which builds its {@code
 * Client} from this row; the store keeps them as given. {@link #toString()} leaves the secret hash
 * out. Instances are immutable.
 *
 * @param clientId the public, random id, unique
 * @param name the name shown to users
 * @param confidential whether it authenticates with a secret; a public client has none
 * @param secretHash the SHA-256 hex of its secret: present exactly when confidential
 * @param redirectUris where authorization responses may go, in registration order
 * @param postLogoutRedirectUris where a logout may send the browser, in registration order
 * @param consent whether users are asked to consent before it gets their identity
 * @param refreshTokens whether it is allowed the {@code refresh_token} grant
 * @param idTokenAlgorithm the JWS algorithm of its ID tokens, such as {@code ES256}
 * @param createdAt when it was registered
 */
public record StoredClient(
    String clientId,
    String name,
    boolean confidential,
    Optional<String> secretHash,
    List<String> redirectUris,
    List<String> postLogoutRedirectUris,
    boolean consent,
    boolean refreshTokens,
    String idTokenAlgorithm,
    Instant createdAt) {

  /** Checks that no component is null and that a secret hash comes with confidential only. */
  public StoredClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secretHash, "secretHash");
    redirectUris = List.copyOf(redirectUris);
    postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
    Objects.requireNonNull(idTokenAlgorithm, "idTokenAlgorithm");
    Objects.requireNonNull(createdAt, "createdAt");
    if (confidential != secretHash.isPresent()) {
      throw new IllegalArgumentException("a secret hash is for a confidential client only");
    }
  }

  /** Returns the client id and name only: the secret hash stays out of logs. */
  @Override
  public String toString() {
    return "StoredClient[clientId=" + clientId + ", name=" + name + "]";
  }
}
