package io.bienvenue.oauth;

import io.bienvenue.store.StoredGrant;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One successful authorization: user {@code userId} let client {@code clientId} have {@code
 * scopes}. Its code, its refresh tokens and the access tokens that carry its id live only while it
 * does ({@link Grants#isActive}). Instances are immutable.
 *
 * @param id the random public id (128 bits, base64url): the access tokens' grant claim
 * @param clientId the client it was granted to
 * @param userId the user's row id (their public id is the {@code sub})
 * @param sessionId the login session it belongs to and ends with; empty for {@code offline_access}
 * @param scopes the scopes granted, in the order requested
 * @param nonce the authorization request's nonce, for the ID token, if it had one
 * @param authTime when the user logged in: the ID token's {@code auth_time}
 * @param amr how they logged in (RFC 8176 method names): the ID token's {@code amr}
 * @param createdAt when it was granted
 */
public record Grant(
    String id,
    String clientId,
    long userId,
    Optional<Long> sessionId,
    List<String> scopes,
    Optional<String> nonce,
    Instant authTime,
    List<String> amr,
    Instant createdAt) {

  /** Checks that no component is null, and copies the lists. */
  public Grant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sessionId, "sessionId");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(authTime, "authTime");
    amr = List.copyOf(amr);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Tells whether it outlives the login session: it was granted {@code offline_access}. */
  public boolean offline() {
    return sessionId.isEmpty();
  }

  static Grant of(StoredGrant stored) {
    return new Grant(
        stored.id(),
        stored.clientId(),
        stored.userId(),
        stored.sessionId(),
        stored.scopes(),
        stored.nonce(),
        stored.authTime(),
        stored.amr(),
        stored.createdAt());
  }
}
