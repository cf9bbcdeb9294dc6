package io.bienvenue.auth.failure;

/**
 * A login with the right password for a user who has not yet proved their email is theirs, while
 * the service requires it. Said only once the password proved who is asking, so it reveals nothing
 * to anyone else.
 */
public final class EmailNotVerifiedException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public EmailNotVerifiedException() {
    super(Reason.EMAIL_NOT_VERIFIED, "email not verified");
  }
}
