package io.bienvenue.auth.failure;

/**
 * A second-factor request that does not fit the account's state: enrolling when it is already on,
 * confirming when nothing is pending, turning off what is not on.
 */
public final class TwoFactorStateException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public TwoFactorStateException(String message) {
    super(Reason.TWO_FACTOR_STATE, message);
  }
}
