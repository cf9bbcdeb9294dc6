package io.bienvenue.auth.failure;

/**
 * A signed-in user confirming a sensitive change (a new password, deleting the account, turning off
 * the second factor) gave a wrong password. It counts toward the login throttle.
 */
public final class WrongPasswordException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public WrongPasswordException() {
    super(Reason.WRONG_PASSWORD, "wrong password");
  }
}
