package io.bienvenue.auth.failure;

/**
 * No session of the caller has the given id. Another user's session is unknown too: the answer does
 * not tell whether the id exists.
 */
public final class UnknownSessionException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public UnknownSessionException() {
    super(Reason.UNKNOWN_SESSION, "no such session");
  }
}
