package io.bienvenue.oauth;

import io.bienvenue.auth.token.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered OpenID Connect client (a relying party). A confidential client authenticates with a
 * secret, of which only the SHA-256 hash is kept; a public client (a native or browser app) has
 * none and must use PKCE. {@link #toString()} leaves the secret hash out. Instances are immutable.
 *
 * <p>The secret is 256 random bits, so a single SHA-256 suffices to store it: a slow hash such as
 * bcrypt protects low-entropy passwords from guessing, and no guessing gets near 2^256.
 *
 * @param clientId the public, random id (128 bits, base64url)
 * @param name the name shown to users
 * @param confidential whether it authenticates with a secret
 * @param secretHash the SHA-256 hex of its secret: present exactly when confidential
 * @param redirectUris where authorization responses may go, exactly as registered, in order
 * @param postLogoutRedirectUris where a logout may send the browser, exactly as registered
 * @param consent whether users are asked to consent before it gets their identity
 * @param refreshTokens whether it is allowed the {@code refresh_token} grant
 * @param idTokenAlgorithm the algorithm that signs its ID tokens
 * @param createdAt when it was registered
 */
public record Client(
    String clientId,
    String name,
    boolean confidential,
    Optional<String> secretHash,
    List<String> redirectUris,
    List<String> postLogoutRedirectUris,
    boolean consent,
    boolean refreshTokens,
    IdTokenAlgorithm idTokenAlgorithm,
    Instant createdAt) {

  /** Checks that no component is null and that a secret hash comes with confidential only. */
  public Client {
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

  /** Tells whether it is a public client: no secret, PKCE required. */
  public boolean isPublic() {
    return !confidential;
  }

  /**
   * Tells whether {@code redirectUri} is one of its registered redirect URIs, by plain string
   * equality: no normalisation of case, trailing slash, port, percent-encoding or anything else.
   */
  public boolean allowsRedirect(String redirectUri) {
    return redirectUri != null && redirectUris.contains(redirectUri);
  }

  /** Tells whether {@code uri} is one of its post-logout redirect URIs, by string equality. */
  public boolean allowsPostLogoutRedirect(String uri) {
    return uri != null && postLogoutRedirectUris.contains(uri);
  }

  /**
   * Tells whether {@code secret} is its secret, comparing hashes in constant time. Always false for
   * a public client.
   */
  public boolean secretMatches(String secret) {
    if (secret == null || secretHash.isEmpty()) {
      return false;
    }
    return Tokens.sameHash(secretHash.get(), hashSecret(secret));
  }

  /** Returns what is stored of {@code secret}: its SHA-256 as lower-case hex. */
  static String hashSecret(String secret) {
    return Tokens.hash(secret);
  }

  /** Returns the id and name only: the secret hash stays out of logs. */
  @Override
  public String toString() {
    return "Client[clientId=" + clientId + ", name=" + name + ", public=" + isPublic() + "]";
  }
}
