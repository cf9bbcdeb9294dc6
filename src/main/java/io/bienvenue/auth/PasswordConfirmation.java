package io.bienvenue.auth;

import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks the password of a signed-in user before a sensitive change, under the same throttle as
 * logins: a throttled attempt runs no bcrypt, a wrong password counts as a failed login of that
 * account from that address, and a right one clears the account's counters as a login does. A
 * stolen session alone therefore cannot change the password, delete the account or turn off the
 * second factor, nor guess the password faster than a login could. Thread-safe.
 */
final class PasswordConfirmation {

  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final AuthEvents events;

  PasswordConfirmation(LoginThrottle throttle, PasswordHasher hasher, AuthEvents events) {
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Returns normally if {@code password} is {@code user}'s.
   *
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address
   * @throws WrongPasswordException if the password is wrong
   */
  void require(User user, String password, String clientAddress) {
    Fields.requirePassword("password", password);
    Objects.requireNonNull(clientAddress, "clientAddress");
    String account = Email.fold(user.email());
    Optional<Duration> wait = throttle.retryAfter(account, clientAddress);
    if (wait.isPresent()) {
      events.loginThrottled();
      throw new TooManyAttemptsException(wait.get());
    }
    if (!hasher.verify(password, user.hashedPassword())) {
      throttle.recordFailure(account, clientAddress);
      events.loginFailed(OptionalLong.of(user.id()));
      throw new WrongPasswordException();
    }
    throttle.recordSuccess(account, clientAddress);
  }
}
