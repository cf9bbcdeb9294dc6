package io.bienvenue.auth;

/**
 * A login with the right password for a user an operator disabled. Said only once the password
 * proved who is asking, so it reveals nothing to anyone else.
 */
public final class AccountDisabledException extends AuthException {

  AccountDisabledException() {
    super("this account is disabled");
  }
}
