package io.bienvenue.auth;

/**
 * A login refused: the email is unknown or the password is wrong. One exception for both, so the
 * answer reveals nothing about which.
 */
public final class InvalidCredentialsException extends AuthException {

  InvalidCredentialsException() {
    super("wrong email or password");
  }
}
