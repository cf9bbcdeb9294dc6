package io.bienvenue.auth.failure;

/** A one-time code (or recovery code) is wrong, of another time, or already used. */
public final class InvalidOneTimeCodeException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidOneTimeCodeException() {
    super(Reason.INVALID_ONE_TIME_CODE, "invalid one-time code");
  }
}
