package io.bienvenue.auth.failure;

import java.util.Objects;

/**
 * An input was refused before any work was done: an email that is not a valid address, an unusable
 * password.
 */
public final class InvalidFieldException extends AuthException {

  private final String field;

  /** Creates the outcome; its message is safe to show a client. */
  public InvalidFieldException(String field, String message) {
    super(Reason.INVALID_FIELD, message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the refused field, as the API spells it. */
  public String field() {
    return field;
  }
}
