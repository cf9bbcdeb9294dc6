package io.bienvenue.auth;

/**
 * A signed-in user confirming a sensitive change (a new password, deleting the account, turning off
 * the second factor) gave a wrong password. It counts toward the login throttle.
 */
public final class WrongPasswordException extends AuthException {

  WrongPasswordException() {
    super("wrong password");
  }
}
