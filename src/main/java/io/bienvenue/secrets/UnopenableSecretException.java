package io.bienvenue.secrets;

/**
 * A sealed value that does not open: not a sealed value, sealed for another context, sealed with a
 * key the service does not hold, or altered. The message says which, never with the value.
 */
public final class UnopenableSecretException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnopenableSecretException(String message) {
    super(message);
  }

  UnopenableSecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
