package io.bienvenue.mail;

/**
 * A mail could not be sent, or the SMTP server could not be reached. The message is one line that
 * names the server and says why; it never holds the SMTP password, a message's body or its
 * recipient: a server's refusal is kept as its reply code and enhanced status ({@code 550 5.1.1}).
 */
public final class MailException extends RuntimeException {

  MailException(String message, Throwable cause) {
    super(message, cause);
  }
}
