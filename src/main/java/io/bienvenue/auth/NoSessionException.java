package io.bienvenue.auth;

/** A request that needs a live session has none: no token, or an unknown or ended one. */
public final class NoSessionException extends AuthException {

  NoSessionException() {
    super("no valid session");
  }
}
