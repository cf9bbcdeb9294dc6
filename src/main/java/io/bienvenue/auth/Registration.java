package io.bienvenue.auth;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordInput;
import io.bienvenue.store.DuplicateEmailException;
import io.bienvenue.user.User;
import java.util.Objects;
import java.util.Optional;

/**
 * The registration flow behind {@link Auth#registerUser(String, String, String)}: the fields are
 * checked, the mail limits consulted where a verification mail will go out, then the user is
 * inserted with a bcrypt hash of the password. The database's unique index, not a look-up first,
 * decides which of two registrations of one email wins. Thread-safe.
 */
public final class Registration {

  private final EmailVerifications verifications;
  private final PasswordHasher hasher;
  private final AuthSettings settings;
  private final AuthEvents events;

  /** Creates the flow; {@code verifications} stores the user and queues the verification mail. */
  public Registration(
      EmailVerifications verifications,
      PasswordHasher hasher,
      AuthSettings settings,
      AuthEvents events) {
    this.verifications = Objects.requireNonNull(verifications, "verifications");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Registers a new user with a hash of {@code password}, asked for from {@code clientAddress}.
   * Where email verification is required, the request first counts in the mail limits, like a
   * reset, whether or not the email is taken; refused there, no account is created and no mail
   * sent, and the answer is the same for a registered email. Then the user starts unverified and a
   * verification mail to the stored address is queued in the same transaction as the insert;
   * otherwise the email counts as verified at once. The mail's link carries {@code returnTo}, an
   * address the caller has checked against the allow-list, when given.
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is refused by
   *     the mode's password policy
   * @throws TooManyAttemptsException if verification is required and too many mails were asked for
   *     this mailbox, from this address, or in all
   * @throws EmailAlreadyRegisteredException if the email (compared case-insensitively) is taken
   */
  User register(String email, String password, String clientAddress, Optional<String> returnTo) {
    Fields.requireEmail(email);
    PasswordInput.require("password", password);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(returnTo, "returnTo");
    settings.passwords().check(password, email);
    verifications.admitRegistration(email, clientAddress);
    String hashedPassword = hasher.hash(password);
    try {
      String source =
          Auth.COMMAND_LINE.equals(clientAddress) || AdminUsers.ADMIN_API.equals(clientAddress)
              ? EmailVerifications.OPERATOR
              : EmailVerifications.REGISTRATION;
      User user = verifications.addUser(email, hashedPassword, returnTo, source);
      events.registered(user.id());
      return user;
    } catch (DuplicateEmailException e) {
      throw new EmailAlreadyRegisteredException();
    }
  }
}
