package io.bienvenue.mail;

import io.bienvenue.auth.Auth;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the mail that asks a new user to verify their email, when the outbox sends it: only then
 * is the verification token issued (replacing any earlier one), so the token never rests in the
 * database in clear. A mail for an email nobody has, or one already verified, renders nothing and
 * is dropped unsent. Thread-safe.
 *
 * <p>The link, {@code <public-url>/ui/verify#email=...&token=...}, carries the email and token in
 * its fragment, which browsers never send to a server.
 */
public final class VerificationMail implements MailRenderer {

  private final Auth auth;
  private final URI publicUrl;

  /** Creates the renderer; links point at {@code publicUrl}, the service's public address. */
  public VerificationMail(Auth auth, URI publicUrl) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    if (!Auth.EMAIL_VERIFICATION_MAIL.equals(message.kind())) {
      throw new IllegalArgumentException("not an email-verification mail: " + message.kind());
    }
    String email = message.recipient();
    Optional<String> token = auth.issueVerificationToken(email);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    String base = Links.base(publicUrl);
    String link = Links.withSecret(publicUrl, "/ui/verify", email, token.get());
    long minutes = Math.max(1, auth.verificationTokenLifetime().toMinutes());
    String within = minutes < 120 ? minutes + " minutes" : minutes / 60 + " hours";
    String text =
        "Someone, probably you, created an account at "
            + base
            + " with this email address.\n\n"
            + "To confirm that the address is yours, open this link within "
            + within
            + ":\n\n"
            + link
            + "\n\n"
            + "API clients: send POST /verify_email with this email and\n"
            + "token="
            + token.get()
            + "\n\n"
            + "If you did not create this account, ignore this mail: it cannot be used until the\n"
            + "address is confirmed.\n";
    return Optional.of(new MailMessage(email, "Confirm your email address", text));
  }
}
