package io.bienvenue.mail;

/**
 * A mail could not be sent, or the SMTP server could not be reached. The message is one line that
 * names the server and says why; it never holds the SMTP password, a message's body or its
 * recipient: a server's refusal is kept as its reply code and enhanced status ({@code 550 5.1.1}).
 * A permanent failure (a recipient that is no address the service can deliver to) will fail again
 * at every attempt, so it is not retried.
 */
public final class MailException extends RuntimeException {

  private final boolean permanent;

  MailException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private MailException(String message, Throwable cause, boolean permanent) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** A failure that no retry can mend, said in {@code message}. */
  static MailException permanent(String message) {
    return new MailException(message, null, true);
  }

  /** Tells whether every later attempt would fail the same way. */
  public boolean permanent() {
    return permanent;
  }
}
