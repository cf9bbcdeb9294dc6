package io.bienvenue.auth;

/** How a reset token reaches the user who asked for it. */
public enum ResetDelivery {

  /**
   * In the body of the {@code POST /reset_password} response, as the original does. Development
   * only: whoever knows an email could take over its account.
   */
  IN_RESPONSE,

  /**
   * By e-mail to the account's address, through the outbox; the response is the same whether or not
   * the email is registered, and never holds the token.
   */
  BY_EMAIL
}
