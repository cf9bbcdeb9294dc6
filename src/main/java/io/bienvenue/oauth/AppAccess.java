package io.bienvenue.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of a user's "Apps with access": a client that can act for them, and with what: one they
 * consented to, or one that needs no consent and holds a refresh token ({@link AppsWithAccess}).
 *
 * @param clientId the client
 * @param clientName its name, as users see it
 * @param scopes every scope the user approved for it, or that its grants have
 * @param grantedAt the last approval, or its newest grant
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
