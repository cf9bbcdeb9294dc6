package io.bienvenue.mail;

import io.bienvenue.auth.Auth;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the notice sent when a user changes their password, so that someone who did it with a
 * stolen session is noticed by the owner of the address. It carries no secret. Thread-safe.
 */
public final class PasswordChangedMail implements MailRenderer {

  private final URI publicUrl;

  /** Creates the renderer; the reset link points at {@code publicUrl}. */
  public PasswordChangedMail(URI publicUrl) {
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    if (!Auth.PASSWORD_CHANGED_MAIL.equals(message.kind())) {
      throw new IllegalArgumentException("not a password-changed mail: " + message.kind());
    }
    String base = Links.base(publicUrl);
    String text =
        "The password of your account at "
            + base
            + " was changed on "
            + message.createdAt()
            + " (UTC), and every other session of the account was ended.\n\n"
            + "If you did this, there is nothing more to do.\n\n"
            + "If you did not, someone else may be using your account: reset your password at\n"
            + base
            + "/ui/reset and look at the sessions of your account.\n";
    return Optional.of(new MailMessage(message.recipient(), "Your password was changed", text));
  }
}
