package io.bienvenue.auth.failure;

/**
 * A passkey login failed: the same outcome, and message, whatever the cause (an unknown or another
 * user's credential, a used or expired challenge, a wrong origin or relying party, a bad signature,
 * no user verification, a counter that did not grow), so an answer tells an attacker nothing.
 */
public final class InvalidPasskeyException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidPasskeyException() {
    super(Reason.INVALID_PASSKEY, "passkey not accepted");
  }
}
