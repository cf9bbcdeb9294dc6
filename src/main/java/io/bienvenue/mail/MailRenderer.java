package io.bienvenue.mail;

import io.bienvenue.store.OutboxMessage;
import java.util.Optional;

/**
 * Turns an outbox row into the mail to send, at the moment it is sent: a renderer may issue a
 * secret then (a reset token), so no secret waits in the outbox. It is called once per attempt, so
 * a retried message is rendered afresh.
 *
 * <p>Implementations must be thread-safe when several dispatchers or {@link
 * OutboxDispatcher#dispatchDue()} callers share them, and their exceptions must not carry a secret
 * in their messages: the dispatcher logs them.
 */
@FunctionalInterface
public interface MailRenderer {

  /**
   * Returns the mail for {@code message}, or empty when there is nothing to send (say, a reset was
   * asked for an address nobody has): the message is then dropped and never retried.
   *
   * @throws RuntimeException if rendering failed for now; the dispatcher retries later
   */
  Optional<MailMessage> render(OutboxMessage message);
}
