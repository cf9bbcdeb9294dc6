package io.bienvenue.auth.failure;

/**
 * A login refused: the email is unknown or the password is wrong. One exception for both, so the
 * answer reveals nothing about which.
 */
public final class InvalidCredentialsException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidCredentialsException() {
    super(Reason.INVALID_CREDENTIALS, "wrong email or password");
  }
}
