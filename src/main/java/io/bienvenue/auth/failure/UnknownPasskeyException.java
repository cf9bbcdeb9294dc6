package io.bienvenue.auth.failure;

/**
 * No passkey of the caller has the given id. Another user's passkey is unknown too: the answer does
 * not tell whether the id exists.
 */
public final class UnknownPasskeyException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public UnknownPasskeyException() {
    super(Reason.UNKNOWN_PASSKEY, "no such passkey");
  }
}
