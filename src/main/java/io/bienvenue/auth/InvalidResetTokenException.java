package io.bienvenue.auth;

/**
 * A reset token does not open that email's account: wrong, already used, replaced by a newer one,
 * expired, or the email is unknown. One exception for all, so the answer reveals nothing more.
 */
public final class InvalidResetTokenException extends AuthException {

  InvalidResetTokenException() {
    super("invalid reset token");
  }
}
