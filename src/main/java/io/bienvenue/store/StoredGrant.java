package io.bienvenue.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of {@code oauth_grants}: one successful authorization of a client by a user.
 *
 * @param id the random public id (128 bits, base64url) that access tokens carry
 * @param clientId the client it was granted to
 * @param userId the user's row id
 * @param sessionId the login session it belongs to and ends with; empty for offline access
 * @param scopes the scopes granted, in the order given
 * @param nonce the authorization request's nonce, if it had one
 * @param authTime when the user logged in
 * @param amr how they logged in (RFC 8176 method names)
 * @param createdAt when it was granted
 * @param revokedAt when it was revoked, if it was
 */
public record StoredGrant(
    String id,
    String clientId,
    long userId,
    Optional<Long> sessionId,
    List<String> scopes,
    Optional<String> nonce,
    Instant authTime,
    List<String> amr,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  /** Checks that no component is null, and copies the lists. */
  public StoredGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sessionId, "sessionId");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(authTime, "authTime");
    amr = List.copyOf(amr);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }
}
