package io.bienvenue.auth.failure;

/**
 * A verification token does not verify that email: wrong, already used, replaced by a newer one,
 * expired, or the email is unknown. One exception for all, so the answer reveals nothing more.
 */
public final class InvalidVerificationTokenException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidVerificationTokenException() {
    super(Reason.INVALID_VERIFICATION_TOKEN, "invalid verification token");
  }
}
