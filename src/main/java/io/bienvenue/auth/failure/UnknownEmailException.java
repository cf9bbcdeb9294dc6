package io.bienvenue.auth.failure;

/** A reset token was asked for an email that no user has. */
public final class UnknownEmailException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public UnknownEmailException() {
    super(Reason.UNKNOWN_EMAIL, "email not registered");
  }
}
