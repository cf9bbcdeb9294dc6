package io.bienvenue.auth;

/**
 * A login with the right password for a user who has not yet proved their email is theirs, while
 * the service requires it. Said only once the password proved who is asking, so it reveals nothing
 * to anyone else.
 */
public final class EmailNotVerifiedException extends AuthException {

  EmailNotVerifiedException() {
    super("email not verified");
  }
}
