package io.bienvenue.webhooks;

/** Thrown when no webhook endpoint has the id given. */
public final class UnknownWebhookEndpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception for the id {@code id}. */
  public UnknownWebhookEndpointException(String id) {
    super("no webhook endpoint " + id);
  }
}
