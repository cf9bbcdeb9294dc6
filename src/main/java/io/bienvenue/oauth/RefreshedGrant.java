package io.bienvenue.oauth;

import java.util.Objects;

/**
 * The outcome of a refresh-token rotation ({@link Grants#rotate}): the grant, still live, and the
 * refresh token that replaces the one used. {@link #toString()} leaves the token out.
 *
 * @param grant the grant the token belongs to
 * @param refreshToken the new refresh token, to hand to the client once
 */
public record RefreshedGrant(Grant grant, String refreshToken) {

  /** Checks that no component is null. */
  public RefreshedGrant {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(refreshToken, "refreshToken");
  }

  @Override
  public String toString() {
    return "RefreshedGrant[grant=" + grant.id() + "]";
  }
}
