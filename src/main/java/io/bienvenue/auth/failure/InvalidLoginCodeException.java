package io.bienvenue.auth.failure;

/**
 * A login by e-mail code refused: the email is unknown, or the code is wrong, used, replaced,
 * expired, or void after too many wrong ones. One exception for every cause, so the answer reveals
 * nothing about which.
 */
public final class InvalidLoginCodeException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidLoginCodeException() {
    super(Reason.INVALID_LOGIN_CODE, "wrong or expired code: ask for a new one");
  }
}
