package io.bienvenue.auth.failure;

import java.time.Duration;
import java.util.Objects;

/**
 * A request refused without doing its work: too many recent failed logins, or too many recent
 * requests for mail.
 */
public final class TooManyAttemptsException extends AuthException {

  private final Duration retryAfter;

  /** Creates the outcome; its message is safe to show a client. */
  public TooManyAttemptsException(Duration retryAfter) {
    this("too many failed logins", retryAfter);
  }

  /** A refusal that says {@code what} happened too often, and how long to wait. */
  /** Creates the outcome; its message is safe to show a client. */
  public TooManyAttemptsException(String what, Duration retryAfter) {
    super(
        Reason.TOO_MANY_ATTEMPTS, what + ", try again in " + wholeSeconds(retryAfter) + " seconds");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** How long until an attempt may be made again, rounded up to whole seconds, at least one. */
  public long retryAfterSeconds() {
    return wholeSeconds(retryAfter);
  }

  private static long wholeSeconds(Duration duration) {
    long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
