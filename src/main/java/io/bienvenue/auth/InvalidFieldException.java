package io.bienvenue.auth;

import java.util.Objects;

/**
 * An input was refused before any work was done: an email that is not a valid address, an unusable
 * password.
 */
public final class InvalidFieldException extends AuthException {

  private final String field;

  InvalidFieldException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the refused field, as the API spells it. */
  public String field() {
    return field;
  }
}
