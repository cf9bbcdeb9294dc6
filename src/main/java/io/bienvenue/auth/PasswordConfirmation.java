package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.ServiceBusyException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordInput;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Checks the password of a signed-in user before a sensitive change, under the same throttle as
 * logins: a throttled attempt runs no bcrypt, a wrong password counts as a failed login of that
 * account from that address, and a right one clears the account's counters as a login does. A
 * stolen session alone therefore cannot change the password, delete the account or turn off the
 * second factor, nor guess the password faster than a login could. Thread-safe.
 */
public final class PasswordConfirmation {

  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final AuthEvents events;

  /** Creates the confirmation that counts its attempts in {@code throttle}. */
  public PasswordConfirmation(LoginThrottle throttle, PasswordHasher hasher, AuthEvents events) {
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Returns normally if {@code password} is {@code user}'s, and the request it guards has
   * succeeded: the account's failure counters are cleared.
   *
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address
   * @throws WrongPasswordException if the password is wrong
   */
  void require(User user, String password, String clientAddress) {
    try (LoginThrottle.Attempt attempt = check(user, password, clientAddress)) {
      attempt.succeeded();
    }
  }

  /**
   * Checks {@code password} as {@link #require} does, but leaves the attempt open for a request
   * that asks for more than the password (a one-time code as well): the caller calls {@link
   * LoginThrottle.Attempt#succeeded()} only once all of it was right, so a right password does not
   * clear the counters that wrong codes raise.
   *
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address
   * @throws WrongPasswordException if the password is wrong
   */
  LoginThrottle.Attempt check(User user, String password, String clientAddress) {
    PasswordInput.require("password", password);
    Objects.requireNonNull(clientAddress, "clientAddress");
    LoginThrottle.Attempt attempt;
    try {
      attempt = throttle.begin(Email.fold(user.email()), clientAddress);
    } catch (TooManyAttemptsException e) {
      events.loginThrottled();
      throw e;
    }
    boolean right;
    try {
      right = hasher.verify(password, user.hashedPassword());
    } catch (ServiceBusyException e) {
      attempt.withdraw();
      throw e;
    }
    if (!right) {
      attempt.close();
      events.loginFailed(OptionalLong.of(user.id()));
      throw new WrongPasswordException();
    }
    return attempt;
  }
}
