package io.bienvenue.auth.failure;

/** The right password was given for an account whose second factor is on, but no one-time code. */
public final class OneTimeCodeRequiredException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public OneTimeCodeRequiredException() {
    super(Reason.ONE_TIME_CODE_REQUIRED, "one-time code required");
  }
}
