package io.bienvenue.auth;

/** A reset token was asked for an email that no user has. */
public final class UnknownEmailException extends AuthException {

  UnknownEmailException() {
    super("email not registered");
  }
}
