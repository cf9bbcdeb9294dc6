package io.bienvenue.mail;

import io.bienvenue.auth.Auth;
import io.bienvenue.auth.InvalidFieldException;
import io.bienvenue.auth.UnknownEmailException;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the password-reset mail when the outbox sends it: only then is the reset token issued
 * (replacing any earlier one), so the token never rests in the database in clear. A reset asked for
 * an email nobody has renders nothing, and is dropped unsent. Thread-safe.
 *
 * <p>The link carries the email and token in its fragment ({@code #...}), which browsers never send
 * to a server: they stay out of proxy logs and {@code Referer} headers.
 */
public final class PasswordResetMail implements MailRenderer {

  private final Auth auth;
  private final URI publicUrl;

  /** Creates the renderer; links point at {@code publicUrl}, the service's public address. */
  public PasswordResetMail(Auth auth, URI publicUrl) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    if (!Auth.PASSWORD_RESET_MAIL.equals(message.kind())) {
      throw new IllegalArgumentException("not a password-reset mail: " + message.kind());
    }
    String email = message.recipient();
    String token;
    try {
      token = auth.getResetPasswordToken(email);
    } catch (UnknownEmailException | InvalidFieldException nobody) {
      return Optional.empty();
    }
    String base = Links.base(publicUrl);
    String link = Links.withSecret(publicUrl, "/ui/reset", email, token);
    long minutes = auth.resetTokenLifetime().toMinutes();
    String text =
        "Someone, probably you, asked to reset the password of your account at "
            + base
            + ".\n\n"
            + "To choose a new password, open this link within "
            + minutes
            + " minutes:\n\n"
            + link
            + "\n\n"
            + "API clients: send PUT /reset_password with this email, the new_password and\n"
            + "reset_token="
            + token
            + "\n\n"
            + "If you did not ask for this, ignore this mail: your password stays as it is.\n";
    return Optional.of(new MailMessage(email, "Reset your password", text));
  }
}
