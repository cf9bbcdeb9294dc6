package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordInput;
import io.bienvenue.auth.throttle.MailThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.GrantStore;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The password-reset flow behind {@link Auth}: a token asked for, mailed or returned, then spent on
 * a new password. Only the token's hash is stored, with an expiry; spending it, storing the new
 * hash and ending every session of the user is one transaction. Thread-safe.
 */
public final class PasswordReset {

  private final UserStore users;
  private final SessionStore sessions;
  private final GrantStore grants;
  private final OutboxStore outbox;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final Tokens tokens;
  private final PasswordHasher hasher;
  private final MailThrottle mailThrottle;
  private final Notices notices;
  private final AuthSettings settings;
  private final AuthEvents events;
  private final Clock clock;

  /** Creates the flow from the stores of one database and the rules of the mode. */
  public PasswordReset(
      Stores stores,
      WebhookEvents webhookEvents,
      Tokens tokens,
      PasswordHasher hasher,
      MailThrottle mailThrottle,
      Notices notices,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    Objects.requireNonNull(stores, "stores");
    this.users = stores.users();
    this.sessions = stores.sessions();
    this.grants = stores.grants();
    this.outbox = stores.outbox();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.mailThrottle = Objects.requireNonNull(mailThrottle, "mailThrottle");
    this.notices = Objects.requireNonNull(notices, "notices");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** As {@link Auth#getResetPasswordToken}. */
  String issueToken(String email) {
    Fields.requireEmail(email);
    User user = users.findByEmail(email).orElseThrow(UnknownEmailException::new);
    return issueToken(user, tokenLifetime());
  }

  /** As {@link MailLinks#resetLink}. */
  Optional<MailLink> issueLink(String recipient) {
    return issueLink(recipient, tokenLifetime());
  }

  /**
   * As {@link MailLinks#invitationLink}: a reset token for the user {@code recipient} names that
   * lives {@code lifetime}, for a link that may wait in an inbox longer than a reset's.
   */
  Optional<MailLink> issueLink(String recipient, Duration lifetime) {
    Objects.requireNonNull(recipient, "recipient");
    if (!Email.isValid(recipient)) {
      return Optional.empty();
    }
    return users
        .findByEmail(recipient)
        .map(user -> new MailLink(user.email(), issueToken(user, lifetime)));
  }

  /**
   * Answers {@code POST /reset_password}. In development ({@link ResetDelivery#IN_RESPONSE}) this
   * is {@link #getResetPasswordToken}: the token is returned, and an unknown email is an error. In
   * production ({@link ResetDelivery#BY_EMAIL}) a reset mail is put in the outbox and nothing is
   * returned; known and unknown emails do the same work, one insert, so neither the answer nor its
   * timing tells whether the email is registered: one look-up and one insert. The mail is addressed
   * to the stored email of the user found, never to the caller's spelling, and its token is issued
   * when it is sent; its link carries {@code returnTo}, an address the caller has checked against
   * the allow-list, if given. Each mailed request, from {@code clientAddress}, counts toward the
   * limits on mail per mailbox, per address and in all, whether or not the email is registered.
   *
   * @return the token to show the client, in development only
   * @throws InvalidFieldException if the email is not a valid address
   * @throws UnknownEmailException in development, if no user has that email
   * @throws TooManyAttemptsException in production, if too many mails were asked for this mailbox,
   *     from this address, or in all
   */
  Optional<String> request(String email, String clientAddress, Optional<String> returnTo) {
    Fields.requireEmail(email);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(returnTo, "returnTo");
    if (settings.resetDelivery() == ResetDelivery.IN_RESPONSE) {
      return Optional.of(issueToken(email));
    }
    mailThrottle.admit(email, clientAddress);
    outbox.enqueue(
        MailLinks.PASSWORD_RESET_MAIL,
        MailLinks.queuedAddress(users, email),
        returnTo,
        clock.instant());
    events.resetRequested(OptionalLong.empty());
    return Optional.empty();
  }

  /** How long a reset token lives once issued. */
  Duration tokenLifetime() {
    return settings.lifetimes().resetTokenLifetime();
  }

  /**
   * With a live reset token for {@code email}, sets the password to {@code newPassword}. In one
   * transaction it stores the new hash, voids the token, ends every session of the user, revokes
   * every OAuth grant of theirs and, in production, queues the notice that the password was reset;
   * last, it writes the {@code user.password_changed} event. Of two concurrent uses of one token,
   * exactly one succeeds.
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is refused by
   *     the mode's password policy
   * @throws InvalidResetTokenException if the token is not that email's live reset token
   */
  void complete(String email, String resetToken, String newPassword) {
    Fields.requireEmail(email);
    PasswordInput.require("password", newPassword);
    settings.passwords().check(newPassword, email);
    User user = users.findByEmail(email).orElseThrow(InvalidResetTokenException::new);
    if (!Tokens.isWellFormed(resetToken)) {
      throw new InvalidResetTokenException();
    }
    String tokenHash = Tokens.hash(resetToken);
    if (!Tokens.isLive(user.resetToken(), user.resetTokenExpiresAt(), tokenHash, clock.instant())) {
      throw new InvalidResetTokenException();
    }
    String hashedPassword = hasher.hash(newPassword);
    Map<String, Object> changes = AccountChanges.newPasswordChanges(hashedPassword);
    transactor.inTransaction(
        () -> {
          if (!users.updateUserIf(user.id(), Map.of("reset_token", tokenHash), changes)) {
            throw new InvalidResetTokenException();
          }
          notices.queue(Notice.PASSWORD_RESET, user);
          grants.revokeGrantsOfUser(user.id(), clock.instant());
          sessions.deleteAllOfUser(user.id());
          webhookEvents.record(WebhookEvent.USER_PASSWORD_CHANGED, user, Map.of("how", "reset"));
          return null;
        });
    events.passwordChanged(user.id());
  }

  private String issueToken(User user, Duration lifetime) {
    String token = tokens.newToken();
    Map<String, Object> changes = new HashMap<>();
    changes.put("reset_token", Tokens.hash(token));
    changes.put("reset_token_expires_at", clock.instant().plus(lifetime));
    users.updateUser(user.id(), changes);
    events.resetRequested(OptionalLong.of(user.id()));
    return token;
  }
}
