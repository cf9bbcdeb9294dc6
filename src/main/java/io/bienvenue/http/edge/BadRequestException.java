package io.bienvenue.http.edge;

/** The request itself is unusable: a missing field, a malformed body, a lying content type. */
public final class BadRequestException extends RuntimeException {

  private final int status;

  /** A 400 with {@code message}, which is safe to show the client. */
  public BadRequestException(String message) {
    this(400, message);
  }

  /** A refusal with the 4xx {@code status} and {@code message}, safe to show the client. */
  public BadRequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The 4xx status the client gets. */
  public int status() {
    return status;
  }
}
