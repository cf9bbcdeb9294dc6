package io.bienvenue.auth;

/**
 * A domain outcome of {@link Auth} that the caller must handle: a taken email, a bad token, a
 * refused input. The message is safe to show a client; it never holds a secret. Subclasses know
 * nothing of HTTP: the HTTP layer maps each to a status in one place.
 */
public abstract class AuthException extends RuntimeException {

  AuthException(String message) {
    super(message, null, false, false);
  }
}
