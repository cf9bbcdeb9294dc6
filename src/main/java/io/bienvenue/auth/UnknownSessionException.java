package io.bienvenue.auth;

/**
 * No session of the caller has the given id. Another user's session is unknown too: the answer does
 * not tell whether the id exists.
 */
public final class UnknownSessionException extends AuthException {

  UnknownSessionException() {
    super("no such session");
  }
}
