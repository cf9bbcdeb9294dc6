package io.bienvenue.mail;

/**
 * A mail could not be sent, or the SMTP server could not be reached. The message is one line that
 * names the server and says why; it never holds the SMTP password or a message's body.
 */
public final class MailException extends RuntimeException {

  MailException(String message, Throwable cause) {
    super(message, cause);
  }
}
