package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordInput;
import io.bienvenue.store.GrantStore;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.User;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a signed-in user changes of their own account after confirming their password: the password
 * itself. Thread-safe.
 */
public final class AccountChanges {

  /** The kinds of mail that carry a token for the user, useless once the user is gone. */
  private static final List<String> LINK_MAILS =
      List.of(MailLinks.PASSWORD_RESET_MAIL, MailLinks.EMAIL_VERIFICATION_MAIL);

  private final UserStore users;
  private final SessionStore sessions;
  private final GrantStore grants;
  private final OutboxStore outbox;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final PasswordConfirmation confirmation;
  private final PasswordHasher hasher;
  private final Notices notices;
  private final AuthSettings settings;
  private final AuthEvents events;
  private final Clock clock;

  /** Creates the flow from its collaborators. */
  public AccountChanges(
      Stores stores,
      WebhookEvents webhookEvents,
      PasswordConfirmation confirmation,
      PasswordHasher hasher,
      Notices notices,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    this.users = stores.users();
    this.sessions = stores.sessions();
    this.grants = stores.grants();
    this.outbox = stores.outbox();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.notices = Objects.requireNonNull(notices, "notices");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The user attributes that a new password sets: its hash, and no pending reset token (a token
   * issued for the old password must not outlive it).
   */
  static Map<String, Object> newPasswordChanges(String hashedPassword) {
    Map<String, Object> changes = new HashMap<>();
    changes.put("hashed_password", hashedPassword);
    changes.put("reset_token", null);
    changes.put("reset_token_expires_at", null);
    return changes;
  }

  /**
   * Changes the password of the user of the live session {@code token}, who confirms it with {@code
   * currentPassword}, from {@code clientAddress}. Every other session of the user ends, every OAuth
   * grant of theirs is revoked (so their apps' refresh tokens die) and a pending reset token is
   * voided, in one transaction with the new hash; the session {@code token} stays. In production a
   * "your password was changed" mail is queued in the same transaction, and in every mode the
   * {@code user.password_changed} event.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws InvalidFieldException if the new password is empty or refused by the mode's policy
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address: the current password is then not checked
   * @throws WrongPasswordException if the current password is wrong (it counts as a failed login)
   */
  void changePassword(
      SessionAndUser caller, String currentPassword, String newPassword, String clientAddress) {
    User user = caller.user();
    PasswordInput.require("new_password", newPassword);
    settings.passwords().check(newPassword, user.email());
    confirmation.require(user, currentPassword, clientAddress);
    String hashedPassword = hasher.hash(newPassword);
    Map<String, Object> changes = newPasswordChanges(hashedPassword);
    transactor.inTransaction(
        () -> {
          if (!users.updateUserIf(
              user.id(), Map.of("hashed_password", user.hashedPassword()), changes)) {
            throw new WrongPasswordException();
          }
          sessions.deleteOthersOfUser(user.id(), caller.session().tokenHash());
          grants.revokeGrantsOfUser(user.id(), clock.instant());
          notices.queue(Notice.PASSWORD_CHANGED, user);
          webhookEvents.record(WebhookEvent.USER_PASSWORD_CHANGED, user, Map.of("how", "change"));
          return null;
        });
    events.passwordChanged(user.id());
  }

  /**
   * Deletes the account of the user of the live session {@code token}, who confirms it with {@code
   * password}, from {@code clientAddress}: the user, every session of theirs, any pending reset
   * token, second factor and link mail for them, in one transaction, which also queues the notice
   * of the deletion in production and writes the {@code user.deleted} event. Notices already queued
   * are still sent. The email can register again.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address: the password is then not checked
   * @throws WrongPasswordException if the password is wrong (it counts as a failed login)
   */
  void deleteAccount(SessionAndUser caller, String password, String clientAddress) {
    User user = caller.user();
    confirmation.require(user, password, clientAddress);
    transactor.inTransaction(
        () -> {
          outbox.deletePendingTo(user.email(), LINK_MAILS);
          // Written while the user row is still there, the event rolls back with the deletion.
          webhookEvents.record(WebhookEvent.USER_DELETED, user, Map.of("by", "user"));
          if (!users.deleteUser(user.id())) {
            // Deleted by another request meanwhile: that one wrote the event; this one writes none.
            throw new NoSessionException();
          }
          notices.queue(Notice.ACCOUNT_DELETED, user);
          return null;
        });
    events.accountDeleted(user.id());
  }
}
