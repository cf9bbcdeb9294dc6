package io.bienvenue.auth.failure;

/**
 * The password-hashing queue is full: the request was refused at once rather than left to wait
 * behind every other login. The client should retry after a short pause.
 */
public final class ServiceBusyException extends AuthException {

  /** Creates the outcome; its message is safe to show a client. */
  public ServiceBusyException() {
    super(Reason.SERVICE_BUSY, "too many requests in progress, retry shortly");
  }
}
