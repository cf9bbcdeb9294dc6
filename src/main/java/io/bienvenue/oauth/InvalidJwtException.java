package io.bienvenue.oauth;

/**
 * A JWT that {@link SigningKeys#verify} refuses: not a JWS, an algorithm other than ES256 or RS256,
 * no {@code kid}, a key that is not one of ours (or no longer published), or a signature that does
 * not check. The message says which, never with the token.
 */
public final class InvalidJwtException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidJwtException(String message) {
    super(message);
  }

  InvalidJwtException(String message, Throwable cause) {
    super(message, cause);
  }
}
