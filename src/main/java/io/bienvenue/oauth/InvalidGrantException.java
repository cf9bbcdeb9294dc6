package io.bienvenue.oauth;

import java.util.Objects;

/**
 * Thrown when an authorization code or a refresh token is refused: OAuth's {@code invalid_grant}.
 * The {@link #reason()} is for the log and the tests; a client is told only {@code invalid_grant}.
 */
public final class InvalidGrantException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a code or a refresh token was refused. */
  public enum Reason {
    /** No such code or token: never issued, ill-formed, or deleted with its session or client. */
    UNKNOWN,
    /** Past its lifetime. */
    EXPIRED,
    /** Issued to another client. */
    OTHER_CLIENT,
    /** The code was issued for another redirect URI. */
    OTHER_REDIRECT_URI,
    /** The code of a public client has no PKCE challenge. */
    PKCE_REQUIRED,
    /** The code verifier is missing, ill-formed, or does not match the challenge. */
    PKCE_MISMATCH,
    /** The code was used before: its grant is now revoked. */
    REPLAY,
    /** The refresh token was rotated before: its whole family (the grant) is now revoked. */
    REUSE,
    /** The grant was revoked, or the login session it belongs to ended. */
    REVOKED
  }

  private final Reason reason;

  /** Creates the exception for {@code reason}, which its message names. */
  public InvalidGrantException(Reason reason) {
    super("invalid_grant: " + Objects.requireNonNull(reason, "reason"));
    this.reason = reason;
  }

  /** Returns why the code or token was refused. */
  public Reason reason() {
    return reason;
  }
}
