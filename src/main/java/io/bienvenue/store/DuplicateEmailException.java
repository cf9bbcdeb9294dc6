package io.bienvenue.store;

/**
 * The database refused a write because another user already has the same case-folded email. The
 * unique index decides, so two racing registrations cannot both succeed.
 */
public final class DuplicateEmailException extends RuntimeException {

  DuplicateEmailException(Throwable cause) {
    super("email already registered", cause);
  }
}
