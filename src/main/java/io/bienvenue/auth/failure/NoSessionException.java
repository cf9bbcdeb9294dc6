package io.bienvenue.auth.failure;

/** A request that needs a live session has none: no token, or an unknown or ended one. */
public final class NoSessionException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public NoSessionException() {
    super(Reason.NO_SESSION, "no valid session");
  }
}
