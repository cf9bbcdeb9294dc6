package io.bienvenue.auth;

import io.bienvenue.store.UserStore;
import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The links that the outbox's mails carry, for the mail layer: each token is issued when its mail
 * is sent, never when it is asked for, and goes to the user's stored address, never to the spelling
 * a request gave. The database keeps only a token's hash, with an expiry. Thread-safe.
 */
public final class MailLinks {

  /** The outbox kind of a password-reset mail. */
  public static final String PASSWORD_RESET_MAIL = "password_reset";

  /** The outbox kind of a verification mail. */
  public static final String EMAIL_VERIFICATION_MAIL = "email_verification";

  /** The outbox kind of a mail with a code to log in with. */
  public static final String EMAIL_CODE_MAIL = "email_code";

  private final PasswordReset reset;
  private final EmailVerifications verifications;
  private final EmailCodes emailCodes;

  /** Creates the links of the reset, verification and e-mail code flows. */
  public MailLinks(PasswordReset reset, EmailVerifications verifications, EmailCodes emailCodes) {
    this.reset = Objects.requireNonNull(reset, "reset");
    this.verifications = Objects.requireNonNull(verifications, "verifications");
    this.emailCodes = Objects.requireNonNull(emailCodes, "emailCodes");
  }

  /**
   * Issues a reset token for the user whose email {@code recipient} names (compared
   * case-insensitively), replacing any earlier one.
   *
   * @return the token and the stored address, or empty if {@code recipient} is no valid address or
   *     no user's
   */
  public Optional<MailLink> resetLink(String recipient) {
    return reset.issueLink(recipient);
  }

  /** How long a reset token lives once issued. */
  public Duration resetTokenLifetime() {
    return reset.tokenLifetime();
  }

  /**
   * Issues the reset token of an invitation (an admin API's new user choosing their first password)
   * for the user whose email {@code recipient} names, replacing any earlier one; it lives {@link
   * #invitationLifetime}, as long as a verification link, not a reset's few minutes.
   *
   * @return the token and the stored address, or empty if {@code recipient} is no valid address or
   *     no user's
   */
  public Optional<MailLink> invitationLink(String recipient) {
    return reset.issueLink(recipient, invitationLifetime());
  }

  /** How long an invitation's token lives once issued: as long as a verification token. */
  public Duration invitationLifetime() {
    return verifications.tokenLifetime();
  }

  /**
   * Issues a verification token for the unverified user whose email {@code recipient} names,
   * replacing any earlier one.
   *
   * @return the token and the stored address, or empty if there is no such unverified user
   */
  public Optional<MailLink> verificationLink(String recipient) {
    return verifications.issueLink(recipient);
  }

  /** How long a verification token lives once issued. */
  public Duration verificationTokenLifetime() {
    return verifications.tokenLifetime();
  }

  /**
   * Issues a code to log in with for the enabled user whose email {@code recipient} names, voiding
   * any earlier one; the database keeps only its keyed hash.
   *
   * @return the code and the stored address, or empty if there is no such enabled user
   */
  public Optional<MailLink> loginCode(String recipient) {
    return emailCodes.issue(recipient);
  }

  /** How long a code to log in with lives once issued. */
  public Duration loginCodeLifetime() {
    return EmailCodes.LIFETIME;
  }

  /**
   * The address to queue a mail asked for {@code email} to: the stored email of its user, or, for
   * an email nobody has, its folded key (the mail then renders nothing and is dropped unsent). The
   * same work either way: one look-up.
   */
  static String queuedAddress(UserStore users, String email) {
    return users.findByEmail(email).map(User::email).orElseGet(() -> Email.fold(email));
  }
}
