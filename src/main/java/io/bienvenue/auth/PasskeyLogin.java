package io.bienvenue.auth;

import java.util.Objects;

/**
 * A login with a passkey: who logged in, and the session started.
 *
 * @param email the user's email, as a password login answers it
 * @param session the session, its token to set as the cookie
 */
public record PasskeyLogin(String email, IssuedSession session) {

  /** Checks that neither is null. */
  public PasskeyLogin {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(session, "session");
  }
}
