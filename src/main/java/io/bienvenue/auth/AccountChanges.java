package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordInput;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.User;
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
      List.of(Auth.PASSWORD_RESET_MAIL, Auth.EMAIL_VERIFICATION_MAIL);

  private final UserStore users;
  private final SessionStore sessions;
  private final OutboxStore outbox;
  private final Transactor transactor;
  private final PasswordConfirmation confirmation;
  private final PasswordHasher hasher;
  private final Notices notices;
  private final AuthSettings settings;
  private final AuthEvents events;

  /** Creates the flow from its collaborators. */
  public AccountChanges(
      Stores stores,
      PasswordConfirmation confirmation,
      PasswordHasher hasher,
      Notices notices,
      AuthSettings settings,
      AuthEvents events) {
    this.users = stores.users();
    this.sessions = stores.sessions();
    this.outbox = stores.outbox();
    this.transactor = stores.transactor();
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.notices = Objects.requireNonNull(notices, "notices");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
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
   * Sets the password of {@code caller}'s user to {@code newPassword} if {@code currentPassword} is
   * right. In one transaction it stores the new hash (only if the hash is still the one just
   * verified: a racing reset or change wins, and this one fails), voids a pending reset token, ends
   * every other session of the user, and, where the service sends mail, queues a "your password was
   * changed" mail. The caller's session stays.
   *
   * @throws InvalidFieldException if the new password is empty or refused by the policy
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws WrongPasswordException if the current password is wrong, or changed meanwhile
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
          notices.queue(Notice.PASSWORD_CHANGED, user);
          return null;
        });
    events.passwordChanged(user.id());
  }

  /**
   * Deletes {@code caller}'s user if {@code password} is theirs: in one transaction the user row
   * (with its reset token) goes, its sessions and second-factor data with it (by cascade), and the
   * link mails still waiting for its address (their token could only be issued to nobody now), and
   * the notice of the deletion is queued. Notices already queued stay, and are sent. The email can
   * register again.
   *
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws WrongPasswordException if the password is wrong
   */
  void deleteAccount(SessionAndUser caller, String password, String clientAddress) {
    User user = caller.user();
    confirmation.require(user, password, clientAddress);
    transactor.inTransaction(
        () -> {
          outbox.deletePendingTo(user.email(), LINK_MAILS);
          boolean deleted = users.deleteUser(user.id());
          if (deleted) {
            notices.queue(Notice.ACCOUNT_DELETED, user);
          }
          return deleted;
        });
    events.accountDeleted(user.id());
  }
}
