package io.bienvenue.auth;

/**
 * The password-hashing queue is full: the request was refused at once rather than left to wait
 * behind every other login. The client should retry after a short pause.
 */
public final class ServiceBusyException extends AuthException {

  ServiceBusyException() {
    super("too many requests in progress, retry shortly");
  }
}
