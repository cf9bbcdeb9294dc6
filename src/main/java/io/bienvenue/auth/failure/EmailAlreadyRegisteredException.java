package io.bienvenue.auth.failure;

/** Registration refused: a user with the same email (compared case-insensitively) exists. */
public final class EmailAlreadyRegisteredException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public EmailAlreadyRegisteredException() {
    super(Reason.EMAIL_ALREADY_REGISTERED, "email already registered");
  }
}
