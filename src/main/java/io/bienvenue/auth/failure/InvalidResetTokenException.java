package io.bienvenue.auth.failure;

/**
 * A reset token does not open that email's account: wrong, already used, replaced by a newer one,
 * expired, or the email is unknown. One exception for all, so the answer reveals nothing more.
 */
public final class InvalidResetTokenException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidResetTokenException() {
    super(Reason.INVALID_RESET_TOKEN, "invalid reset token");
  }
}
