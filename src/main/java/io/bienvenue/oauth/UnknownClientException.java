package io.bienvenue.oauth;

/** Thrown when no client is registered with the id given. */
public final class UnknownClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code clientId}, which its message names. */
  public UnknownClientException(String clientId) {
    super("no client with id " + clientId);
  }
}
