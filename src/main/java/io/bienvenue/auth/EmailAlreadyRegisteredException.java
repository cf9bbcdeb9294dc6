package io.bienvenue.auth;

/** Registration refused: a user with the same email (compared case-insensitively) exists. */
public final class EmailAlreadyRegisteredException extends AuthException {

  EmailAlreadyRegisteredException() {
    super("email already registered");
  }
}
