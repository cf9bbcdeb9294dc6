package io.bienvenue.auth;

/** A one-time code (or recovery code) is wrong, of another time, or already used. */
public final class InvalidOneTimeCodeException extends AuthException {

  InvalidOneTimeCodeException() {
    super("invalid one-time code");
  }
}
