package io.bienvenue.mail;

import io.bienvenue.auth.AdminUsers;
import io.bienvenue.auth.MailLink;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Renders a mail that carries a link with a single-use token, when the outbox sends it: the
 * password-reset mail, the mail that asks a new user to verify their email, and the mail with a
 * code to log in with (the code is its token, shown in the text too). Only then is the token issued
 * (replacing any earlier one), so it never rests in the database in clear. A mail for an email
 * nobody has (or, for verification, one already verified) renders nothing, and is dropped unsent.
 * The mail goes to the email stored for the user, as the token's issuer read it from the database,
 * never to the outbox row's spelling. Thread-safe.
 *
 * <p>The link, {@code <public-url>/ui/<page>#email=...&token=...}, carries the email and token in
 * its fragment, which browsers never send to a server: they stay out of proxy logs and {@code
 * Referer} headers. When the outbox row has a {@code return_to} (checked against the allow-list
 * when the mail was asked for), the link carries it in its query, {@code
 * /ui/<page>?return_to=...#email=...}, so that the page sends the person there once done.
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

  private static final String LOGIN_CODE_TEXT =
      """
      Someone, probably you, asked for a code to log in to your account at %1$s.

      Your code, which works once within %2$s:

      %4$s

      Or open this link, which fills it in on the login page:

      %3$s

      If you did not ask for this, ignore this mail: nobody can log in with it but you.
      """;

  private static final String INVITATION_TEXT =
      """
      An account was made for you at %1$s, with this email address.

      To choose your password and start using it, open this link within %2$s:

      %3$s

      API clients: send PUT /reset_password with this email, the new_password and
      reset_token=%4$s

      If you did not expect this, ignore this mail: nobody can log in to the account until a
      password is chosen with this link.
      """;

  private final String kind;
  private final Function<String, Optional<MailLink>> issueLink;
  private final Supplier<String> within;
  private final URI publicUrl;
  private final String page;
  private final String subject;
  private final String text;

  private LinkMail(
      String kind,
      Function<String, Optional<MailLink>> issueLink,
      Supplier<String> within,
      URI publicUrl,
      String page,
      String subject,
      String text) {
    this.kind = kind;
    this.issueLink = issueLink;
    this.within = within;
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    this.page = page;
    this.subject = subject;
    this.text = text;
  }

  /**
   * The password-reset mail, whose link opens {@code /ui/reset} at {@code publicUrl}, the service's
   * public address. Its token and address are {@link MailLinks#resetLink}'s.
   */
  public static LinkMail passwordReset(MailLinks links, URI publicUrl) {
    Objects.requireNonNull(links, "links");
    return new LinkMail(
        MailLinks.PASSWORD_RESET_MAIL,
        links::resetLink,
        () -> links.resetTokenLifetime().toMinutes() + " minutes",
        publicUrl,
        "/ui/reset",
        "Reset your password",
        RESET_TEXT);
  }

  /**
   * The mail that asks a new user to verify their email, whose link opens {@code /ui/verify} at
   * {@code publicUrl}, the service's public address. Its token and address are {@link
   * MailLinks#verificationLink}'s.
   */
  public static LinkMail verification(MailLinks links, URI publicUrl) {
    Objects.requireNonNull(links, "links");
    return new LinkMail(
        MailLinks.EMAIL_VERIFICATION_MAIL,
        links::verificationLink,
        () -> minutesOrHours(links.verificationTokenLifetime()),
        publicUrl,
        "/ui/verify",
        "Confirm your email address",
        VERIFICATION_TEXT);
  }

  /**
   * The mail with a code to log in with, whose link opens {@code /ui/login} at {@code publicUrl},
   * the service's public address, with the email and code in its fragment for the page to fill in.
   * Opening the link logs no one in: the page shows the form, and the person sends it. Its code and
   * address are {@link MailLinks#loginCode}'s.
   */
  public static LinkMail loginCode(MailLinks links, URI publicUrl) {
    Objects.requireNonNull(links, "links");
    return new LinkMail(
        MailLinks.EMAIL_CODE_MAIL,
        links::loginCode,
        () -> minutesOrHours(links.loginCodeLifetime()),
        publicUrl,
        "/ui/login",
        "Your login code",
        LOGIN_CODE_TEXT);
  }

  /**
   * The invitation of a user an operator created through the admin API: its link opens {@code
   * /ui/reset} at {@code publicUrl} to choose the first password. Its token and address are {@link
   * MailLinks#invitationLink}'s: a reset token, so a newer reset or invitation voids it, that lives
   * as long as a verification link.
   */
  public static LinkMail invitation(MailLinks links, URI publicUrl) {
    Objects.requireNonNull(links, "links");
    return new LinkMail(
        AdminUsers.INVITATION_MAIL,
        links::invitationLink,
        () -> minutesOrHours(links.invitationLifetime()),
        publicUrl,
        "/ui/reset",
        "You are invited: choose your password",
        INVITATION_TEXT);
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    if (!kind.equals(message.kind())) {
      throw new IllegalArgumentException("not a " + kind + " mail: " + message.kind());
    }
    Optional<MailLink> issued = issueLink.apply(message.recipient());
    if (issued.isEmpty()) {
      return Optional.empty();
    }
    String to = issued.get().to();
    String token = issued.get().token();
    String link = Links.withSecret(publicUrl, page, message.returnTo(), to, token);
    String body = text.formatted(Links.base(publicUrl), within.get(), link, token);
    return Optional.of(new MailMessage(to, subject, body));
  }

  /** {@code lifetime} in whole minutes (one at least), or in hours from two hours on. */
  private static String minutesOrHours(Duration lifetime) {
    long minutes = Math.max(1, lifetime.toMinutes());
    return minutes < 120 ? minutes + " minutes" : minutes / 60 + " hours";
  }
}
