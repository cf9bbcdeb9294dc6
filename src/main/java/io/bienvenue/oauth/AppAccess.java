package io.bienvenue.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of a user's "Apps with access": a client they consented to, and to what.
 *
 * @param clientId the client
 * @param clientName its name, as users see it
 * @param scopes every scope the user approved for it
 * @param grantedAt the last approval
 */
public record AppAccess(
    String clientId, String clientName, List<String> scopes, Instant grantedAt) {

  /** Checks that no component is null, and copies the scopes. */
  public AppAccess {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientName, "clientName");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(grantedAt, "grantedAt");
  }
}
