package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidOneTimeCodeException;
import io.bienvenue.auth.failure.InvalidPasskeyException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.user.User;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The second step of a login whose first factor (the password, or a mailed code) was found right:
 * the TOTP code, or in its place one of the user's own passkeys. A passkey given by a user without
 * TOTP is checked all the same, and adds a factor. A refused code or passkey leaves the login's
 * attempt counted as a failed login. Thread-safe.
 */
final class SecondStep {

  /** Which second factor a login gave. */
  enum Factor {
    /** None: the user has no TOTP and gave no passkey. */
    NONE,
    /** A TOTP code or a recovery code. */
    CODE,
    /** One of the user's passkeys, user verification not required. */
    PASSKEY
  }

  private final TwoFactor twoFactor;
  private final PasskeyAssertions assertions;
  private final AuthEvents events;

  SecondStep(TwoFactor twoFactor, Passkeys passkeys, AuthEvents events) {
    this.twoFactor = Objects.requireNonNull(twoFactor, "twoFactor");
    this.assertions = passkeys.assertions();
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Refuses a login that gives both a code and a passkey, before any work is done.
   *
   * @throws InvalidFieldException if both are given
   */
  static void requireAtMostOne(Optional<String> otp, Optional<String> passkey) {
    Objects.requireNonNull(otp, "otp");
    Objects.requireNonNull(passkey, "passkey");
    if (otp.isPresent() && passkey.isPresent()) {
      throw new InvalidFieldException("passkey", "give otp or passkey, not both");
    }
  }

  /**
   * Checks the second step of {@code user}'s login within {@code attempt}: {@code passkey}, the
   * browser's {@code AuthenticationResponseJSON}, must be a valid assertion of one of {@code
   * user}'s own passkeys; without one, {@code otp} is checked as {@link TwoFactor#check} does.
   *
   * @throws InvalidPasskeyException if the passkey is refused, for any reason (counted)
   * @throws OneTimeCodeRequiredException if the second factor is on and neither was given
   * @throws InvalidOneTimeCodeException if {@code otp} is wrong, replayed, or a used recovery code
   */
  Factor check(
      User user, Optional<String> otp, Optional<String> passkey, LoginThrottle.Attempt attempt) {
    if (passkey.isEmpty()) {
      return twoFactor.check(user, otp, attempt) ? Factor.CODE : Factor.NONE;
    }
    if (!assertions.verifiesOwn(user, passkey.get())) {
      events.loginFailed(OptionalLong.of(user.id()));
      throw new InvalidPasskeyException();
    }
    return Factor.PASSKEY;
  }
}
