package io.bienvenue.auth;

import java.time.Duration;
import java.util.Objects;

/** A login refused without checking the password: too many recent failures. */
public final class TooManyAttemptsException extends AuthException {

  private final Duration retryAfter;

  TooManyAttemptsException(Duration retryAfter) {
    super("too many failed logins, try again in " + wholeSeconds(retryAfter) + " seconds");
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
