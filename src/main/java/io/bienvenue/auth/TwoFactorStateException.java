package io.bienvenue.auth;

/**
 * A second-factor request that does not fit the account's state: enrolling when it is already on,
 * confirming when nothing is pending, turning off what is not on.
 */
public final class TwoFactorStateException extends AuthException {

  TwoFactorStateException(String message) {
    super(message);
  }
}
