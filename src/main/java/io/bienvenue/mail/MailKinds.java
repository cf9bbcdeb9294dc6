package io.bienvenue.mail;

import io.bienvenue.store.OutboxMessage;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders each outbox message with the renderer of its kind. A kind it does not know (written by a
 * newer version of the service sharing the database) fails to render, so the message is retried
 * later, perhaps by an instance that knows it, rather than dropped. Thread-safe if its renderers
 * are.
 */
public final class MailKinds implements MailRenderer {

  private final Map<String, MailRenderer> renderers;

  /** Creates the router from the renderer of each kind. */
  public MailKinds(Map<String, MailRenderer> renderers) {
    this.renderers = Map.copyOf(Objects.requireNonNull(renderers, "renderers"));
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    MailRenderer renderer = renderers.get(message.kind());
    if (renderer == null) {
      throw new IllegalArgumentException("no renderer for mails of kind " + message.kind());
    }
    return renderer.render(message);
  }
}
