package io.bienvenue.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A user's TOTP second factor (RFC 6238): one row of the {@code totp} table. It is pending from
 * enrolment until a first code confirms it, then on: logins need a code. {@link #toString()} leaves
 * the secret out. Instances are immutable.
 *
 * @param userId the user it belongs to
 * @param secret the shared secret as stored: sealed (see {@code TotpSecrets}), Base32 inside
 * @param createdAt when enrolment began
 * @param confirmedAt when a first code confirmed it; empty while pending
 * @param lastStep the last time step whose code was accepted, if any: no code of that step or an
 *     earlier one is accepted again
 */
public record SecondFactor(
    long userId,
    String secret,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    OptionalLong lastStep) {

  /** Checks that no component is null. */
  public SecondFactor {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(confirmedAt, "confirmedAt");
    Objects.requireNonNull(lastStep, "lastStep");
  }

  /** Tells whether a first code confirmed it, so that logins need a code. */
  public boolean on() {
    return confirmedAt.isPresent();
  }

  /** Returns the user id and state only: the secret stays out of logs. */
  @Override
  public String toString() {
    return "SecondFactor[userId=" + userId + ", on=" + on() + "]";
  }
}
