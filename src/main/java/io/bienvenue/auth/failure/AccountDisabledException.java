package io.bienvenue.auth.failure;

/**
 * A login with the right password for a user an operator disabled. Said only once the password
 * proved who is asking, so it reveals nothing to anyone else.
 */
public final class AccountDisabledException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public AccountDisabledException() {
    super(Reason.ACCOUNT_DISABLED, "this account is disabled");
  }
}
