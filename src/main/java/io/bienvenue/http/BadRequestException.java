package io.bienvenue.http;

/** The request itself is unusable: a missing field, a malformed body, a lying content type. */
final class BadRequestException extends RuntimeException {

  private final int status;

  BadRequestException(String message) {
    this(400, message);
  }

  BadRequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
