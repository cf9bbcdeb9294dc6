package io.bienvenue.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the {@code outbox} table: a mail to send, without its body. The body is rendered when
 * the mail is sent, from {@code kind}, {@code recipient} and {@code returnTo}, so no secret rests
 * in the row. A message is finished once sent or dropped; until then it is pending. Instances are
 * immutable.
 *
 * @param id the primary key
 * @param kind what to render, e.g. {@code password_reset}
 * @param recipient the address the message goes to
 * @param returnTo where the page a link mail opens sends the person once done, already checked
 *     against the allow-list when the mail was asked for; empty for none
 * @param createdAt when it was enqueued
 * @param nextAttemptAt it is not sent before this time
 * @param attempts how many attempts to send it have failed
 * @param claimedUntil the end of the lease a dispatcher holds on it, if one was ever taken
 * @param sentAt when it was sent, if it was
 * @param droppedAt when it was given up, if it was
 * @param lastError why the last attempt failed or why it was dropped, if either happened
 */
public record OutboxMessage(
    long id,
    String kind,
    String recipient,
    Optional<String> returnTo,
    Instant createdAt,
    Instant nextAttemptAt,
    int attempts,
    Optional<Instant> claimedUntil,
    Optional<Instant> sentAt,
    Optional<Instant> droppedAt,
    Optional<String> lastError) {

  /** Checks that no component is null. */
  public OutboxMessage {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(returnTo, "returnTo");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(claimedUntil, "claimedUntil");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(droppedAt, "droppedAt");
    Objects.requireNonNull(lastError, "lastError");
  }

  /** Tells whether the message was sent or dropped, and so will never be sent again. */
  public boolean finished() {
    return sentAt.isPresent() || droppedAt.isPresent();
  }
}
