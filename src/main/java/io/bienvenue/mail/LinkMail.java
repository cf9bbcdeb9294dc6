package io.bienvenue.mail;

import io.bienvenue.auth.Auth;
import io.bienvenue.auth.InvalidFieldException;
import io.bienvenue.auth.UnknownEmailException;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Renders a mail that carries a link with a single-use token, when the outbox sends it: the
 * password-reset mail and the mail that asks a new user to verify their email. Only then is the
 * token issued (replacing any earlier one), so it never rests in the database in clear. A mail for
 * an email nobody has (or, for verification, one already verified) renders nothing, and is dropped
 * unsent. Thread-safe.
 *
 * <p>The link, {@code <public-url>/ui/<page>#email=...&token=...}, carries the email and token in
 * its fragment, which browsers never send to a server: they stay out of proxy logs and {@code
 * Referer} headers.
 */
public final class LinkMail implements MailRenderer {

  private static final String RESET_TEXT =
      """
      Someone, probably you, asked to reset the password of your account at %1$s.

      To choose a new password, open this link within %2$s:

      %3$s

      API clients: send PUT /reset_password with this email, the new_password and
      reset_token=%4$s

      If you did not ask for this, ignore this mail: your password stays as it is.
      """;

  private static final String VERIFICATION_TEXT =
      """
      Someone, probably you, created an account at %1$s with this email address.

      To confirm that the address is yours, open this link within %2$s:

      %3$s

      API clients: send POST /verify_email with this email and
      token=%4$s

      If you did not create this account, ignore this mail: it cannot be used until the
      address is confirmed.
      """;

  private final String kind;
  private final Function<String, Optional<String>> issueToken;
  private final Supplier<String> within;
  private final URI publicUrl;
  private final String page;
  private final String subject;
  private final String text;

  private LinkMail(
      String kind,
      Function<String, Optional<String>> issueToken,
      Supplier<String> within,
      URI publicUrl,
      String page,
      String subject,
      String text) {
    this.kind = kind;
    this.issueToken = issueToken;
    this.within = within;
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    this.page = page;
    this.subject = subject;
    this.text = text;
  }

  /**
   * The password-reset mail, whose link opens {@code /ui/reset} at {@code publicUrl}, the service's
   * public address. Its token is {@link Auth#getResetPasswordToken}'s.
   */
  public static LinkMail passwordReset(Auth auth, URI publicUrl) {
    Objects.requireNonNull(auth, "auth");
    return new LinkMail(
        Auth.PASSWORD_RESET_MAIL,
        email -> {
          try {
            return Optional.of(auth.getResetPasswordToken(email));
          } catch (UnknownEmailException | InvalidFieldException nobody) {
            return Optional.empty();
          }
        },
        () -> auth.resetTokenLifetime().toMinutes() + " minutes",
        publicUrl,
        "/ui/reset",
        "Reset your password",
        RESET_TEXT);
  }

  /**
   * The mail that asks a new user to verify their email, whose link opens {@code /ui/verify} at
   * {@code publicUrl}, the service's public address. Its token is {@link
   * Auth#issueVerificationToken}'s.
   */
  public static LinkMail verification(Auth auth, URI publicUrl) {
    Objects.requireNonNull(auth, "auth");
    return new LinkMail(
        Auth.EMAIL_VERIFICATION_MAIL,
        auth::issueVerificationToken,
        () -> minutesOrHours(auth.verificationTokenLifetime()),
        publicUrl,
        "/ui/verify",
        "Confirm your email address",
        VERIFICATION_TEXT);
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    if (!kind.equals(message.kind())) {
      throw new IllegalArgumentException("not a " + kind + " mail: " + message.kind());
    }
    String email = message.recipient();
    Optional<String> token = issueToken.apply(email);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    String link = Links.withSecret(publicUrl, page, email, token.get());
    String body = text.formatted(Links.base(publicUrl), within.get(), link, token.get());
    return Optional.of(new MailMessage(email, subject, body));
  }

  /** {@code lifetime} in whole minutes (one at least), or in hours from two hours on. */
  private static String minutesOrHours(Duration lifetime) {
    long minutes = Math.max(1, lifetime.toMinutes());
    return minutes < 120 ? minutes + " minutes" : minutes / 60 + " hours";
  }
}
