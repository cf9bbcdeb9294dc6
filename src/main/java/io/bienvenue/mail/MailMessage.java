package io.bienvenue.mail;

import java.util.Objects;

/**
 * A plain-text mail, ready to send. Its text may hold a secret (a reset token), so it is never
 * logged: {@link #toString()} leaves it out. Instances are immutable.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param text the body, plain text
 */
public record MailMessage(String to, String subject, String text) {

  /**
   * Checks that no component is null and that the subject is one line.
   *
   * @throws IllegalArgumentException if {@code to} is blank or {@code subject} holds a line break
   */
  public MailMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    if (to.isBlank()) {
      throw new IllegalArgumentException("the recipient is blank");
    }
    if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("the subject must be one line");
    }
  }

  /** Returns the recipient and subject only: the text may carry a secret. */
  @Override
  public String toString() {
    return "MailMessage[to=" + to + ", subject=" + subject + "]";
  }
}
