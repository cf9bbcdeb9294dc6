package io.bienvenue.auth;

/**
 * A verification token does not verify that email: wrong, already used, replaced by a newer one,
 * expired, or the email is unknown. One exception for all, so the answer reveals nothing more.
 */
public final class InvalidVerificationTokenException extends AuthException {

  InvalidVerificationTokenException() {
    super("invalid verification token");
  }
}
