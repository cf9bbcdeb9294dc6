package io.bienvenue.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * A session just created at login: the token to hand the client (the only copy: the database keeps
 * its hash) and how long it can live at most.
 *
 * @param token the session token
 * @param lifetime the session's absolute lifetime, for the cookie's {@code Max-Age}
 */
public record IssuedSession(String token, Duration lifetime) {

  /** Checks that no component is null. */
  public IssuedSession {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(lifetime, "lifetime");
  }

  /** Leaves the token out, so a session can be logged without leaking it. */
  @Override
  public String toString() {
    return "IssuedSession[lifetime=" + lifetime + "]";
  }
}
