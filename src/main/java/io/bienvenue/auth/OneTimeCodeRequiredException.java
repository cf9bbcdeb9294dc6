package io.bienvenue.auth;

/** The right password was given for an account whose second factor is on, but no one-time code. */
public final class OneTimeCodeRequiredException extends AuthException {

  OneTimeCodeRequiredException() {
    super("one-time code required");
  }
}
