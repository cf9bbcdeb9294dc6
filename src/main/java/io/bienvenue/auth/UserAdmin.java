package io.bienvenue.auth;

import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.failure.UnknownPasskeyException;
import io.bienvenue.store.GrantStore;
import io.bienvenue.store.PasskeyStore;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.TotpStore;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.SecondFactor;
import io.bienvenue.user.User;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an operator does to users from the command line: list, show, disable, enable, delete, end
 * every session of one, and turn off the second factor of one who lost their device. Registration
 * goes through {@link Auth#registerUser}, so the same password policy applies. Thread-safe.
 */
public final class UserAdmin {

  /**
   * One page of a user listing.
   *
   * @param users the users on this page, in id order
   * @param total how many users match the search in all
   */
  public record Page(List<User> users, long total) {}

  /**
   * What a second-factor reset did.
   *
   * @param hadSecondFactor whether the user had a second factor, on or pending
   * @param sessionsEnded how many sessions of the user ended
   */
  public record TotpReset(boolean hadSecondFactor, int sessionsEnded) {}

  /** The data of the webhook events of an operator's changes. */
  private static final Map<String, String> BY_OPERATOR = Map.of("by", "operator");

  private final UserStore users;
  private final SessionStore sessions;
  private final GrantStore grants;
  private final TotpStore totp;
  private final PasskeyStore passkeys;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final AuthEvents events;
  private final Clock clock;

  /**
   * Creates the admin over the stores of one database, reporting to {@code events} and writing the
   * webhook events of its changes with {@code webhookEvents}.
   */
  public UserAdmin(Stores stores, WebhookEvents webhookEvents, AuthEvents events, Clock clock) {
    Objects.requireNonNull(stores, "stores");
    this.users = stores.users();
    this.sessions = stores.sessions();
    this.grants = stores.grants();
    this.totp = stores.totp();
    this.passkeys = stores.passkeys();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns page {@code page} (from 1) of {@code size} users whose email contains {@code search}.
   */
  public Page list(String search, int page, int size) {
    if (page < 1) {
      throw new IllegalArgumentException("--page starts at 1, not " + page);
    }
    if (size < 1 || size > 1000) {
      throw new IllegalArgumentException("--size must be from 1 to 1000, not " + size);
    }
    return new Page(
        users.listUsers(search, (long) (page - 1) * size, size), users.countUsers(search));
  }

  /**
   * Returns the user with {@code email}.
   *
   * @throws UnknownEmailException if there is none
   */
  public User show(String email) {
    return users.findByEmail(email).orElseThrow(UnknownEmailException::new);
  }

  /**
   * Disables the user with {@code email}, ends every session of theirs and revokes every OAuth
   * grant of theirs, in one transaction: they cannot log in until enabled again, and their apps'
   * tokens stop working. The {@code user.disabled} event is written in the transaction, unless the
   * user was disabled already.
   *
   * @return how many sessions ended
   * @throws UnknownEmailException if there is no such user
   */
  public int disable(String email) {
    User user = show(email);
    int ended =
        transactor.inTransaction(
            () -> {
              users.updateUser(user.id(), Map.of("disabled_at", clock.instant()));
              grants.revokeGrantsOfUser(user.id(), clock.instant());
              int deleted = sessions.deleteAllOfUser(user.id());
              if (user.disabledAt().isEmpty()) {
                webhookEvents.record(WebhookEvent.USER_DISABLED, user, BY_OPERATOR);
              }
              return deleted;
            });
    events.userDisabled(user.id());
    return ended;
  }

  /**
   * Lets a disabled user log in again, writing the {@code user.enabled} event in the same
   * transaction; a user who is not disabled is left as they are.
   *
   * @throws UnknownEmailException if there is no such user
   */
  public void enable(String email) {
    User user = show(email);
    if (user.disabledAt().isEmpty()) {
      return;
    }
    Map<String, Object> enabled = new HashMap<>();
    enabled.put("disabled_at", null);
    transactor.inTransaction(
        () -> {
          users.updateUser(user.id(), enabled);
          webhookEvents.record(WebhookEvent.USER_ENABLED, user, BY_OPERATOR);
          return null;
        });
  }

  /**
   * Marks the email of the user with {@code email} as verified, as if they had used the link mailed
   * to them (which is voided), with the {@code user.email_verified} event in the same transaction:
   * for a user whose mail went astray.
   *
   * @return whether it was unverified until now
   * @throws UnknownEmailException if there is no such user
   */
  public boolean verifyEmail(String email) {
    User user = show(email);
    if (user.emailVerified()) {
      return false;
    }
    Map<String, Object> unverified = new HashMap<>();
    unverified.put("email_verified_at", null);
    boolean verified =
        transactor.inTransaction(
            () -> {
              if (!users.updateUserIf(
                  user.id(), unverified, EmailVerifications.verifiedAt(clock.instant()))) {
                return false;
              }
              webhookEvents.record(
                  WebhookEvent.USER_EMAIL_VERIFIED, user, Map.of("how", "operator"));
              return true;
            });
    if (!verified) {
      return false;
    }
    events.emailVerified(user.id());
    return true;
  }

  /**
   * Deletes the user with {@code email}, with their sessions, and writes the {@code user.deleted}
   * event in the same transaction; the email can register again.
   *
   * @throws UnknownEmailException if there is no such user
   */
  public void delete(String email) {
    User user = show(email);
    transactor.inTransaction(
        () -> {
          // Written while the user row is still there, the event rolls back with the deletion.
          webhookEvents.record(WebhookEvent.USER_DELETED, user, BY_OPERATOR);
          if (!users.deleteUser(user.id())) {
            throw new UnknownEmailException();
          }
          return null;
        });
  }

  /**
   * Ends every session of the user with {@code email}: they must log in again everywhere.
   *
   * @return how many sessions ended
   * @throws UnknownEmailException if there is no such user
   */
  public int revokeSessions(String email) {
    return sessions.deleteAllOfUser(show(email).id());
  }

  /**
   * Turns off the second factor of the user with {@code email} (who lost the device with their
   * authenticator app) with its recovery codes, and ends every session of theirs, in one
   * transaction, which writes the {@code user.two_factor_disabled} event if the factor was on: they
   * log in again with their password alone, and may enrol again.
   *
   * @throws UnknownEmailException if there is no such user
   */
  public TotpReset resetTotp(String email) {
    User user = show(email);
    TotpReset reset =
        transactor.inTransaction(
            () -> {
              boolean wasOn = totp.find(user.id()).map(SecondFactor::on).orElse(false);
              TotpReset done =
                  new TotpReset(totp.delete(user.id()), sessions.deleteAllOfUser(user.id()));
              if (wasOn) {
                webhookEvents.record(WebhookEvent.USER_TWO_FACTOR_DISABLED, user, BY_OPERATOR);
              }
              return done;
            });
    events.secondFactorChanged(user.id(), false);
    return reset;
  }

  /**
   * Returns the passkeys of the user with {@code email}, oldest first, never their key material.
   *
   * @throws UnknownEmailException if there is no such user
   */
  public List<PasskeySummary> passkeys(String email) {
    return passkeys.ofUser(show(email).id()).stream().map(Passkeys::summary).toList();
  }

  /**
   * Removes the passkey {@code id} of the user with {@code email}, with no password: the operator
   * asks it. Their sessions stay. The {@code user.passkey_removed} event is written in the same
   * transaction.
   *
   * @throws UnknownEmailException if there is no such user
   * @throws UnknownPasskeyException if that user has no passkey of that id
   */
  public void removePasskey(String email, String id) {
    User user = show(email);
    transactor.inTransaction(
        () -> {
          if (!Passkeys.delete(passkeys, webhookEvents, user, id)) {
            throw new UnknownPasskeyException();
          }
          return null;
        });
  }
}
