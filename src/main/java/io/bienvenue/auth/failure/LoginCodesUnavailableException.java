package io.bienvenue.auth.failure;

/**
 * Login by a code sent by e-mail was asked of a service that sends no mail (development, without
 * SMTP). The code is never answered in a response body, so without mail there is no way to get it.
 */
public final class LoginCodesUnavailableException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public LoginCodesUnavailableException() {
    super(
        Reason.LOGIN_CODES_UNAVAILABLE,
        "login by e-mail code needs a service that sends mail (SMTP, with --production)");
  }
}
