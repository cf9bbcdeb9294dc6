package io.bienvenue.oauth;

import java.time.Instant;
import java.util.Objects;

/**
 * A refresh token that still works, as introspection describes it.
 *
 * @param grant the grant of its family, live
 * @param issuedAt when it was issued
 * @param expiresAt when it stops working
 */
public record LiveRefreshToken(Grant grant, Instant issuedAt, Instant expiresAt) {
  /** Checks that no component is null. */
  public LiveRefreshToken {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
