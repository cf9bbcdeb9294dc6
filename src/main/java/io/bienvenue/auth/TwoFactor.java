package io.bienvenue.auth;

import io.bienvenue.store.Stores;
import io.bienvenue.store.TotpStore;
import io.bienvenue.store.Transactor;
import io.bienvenue.user.Email;
import io.bienvenue.user.SecondFactor;
import io.bienvenue.user.User;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The TOTP second factor of a user: enrolment (pending until a first code confirms it), the check
 * at login once the password is right, recovery codes, and turning it off. A code is accepted only
 * for a time step later than the last one accepted, recorded by a compare-and-set in the database,
 * so a code is never accepted twice, whichever instance sees it. Wrong codes at login and when
 * turning it off count toward the login throttle. Thread-safe.
 */
final class TwoFactor {

  private final TotpStore store;
  private final Transactor transactor;
  private final TotpCodes codes;
  private final Tokens tokens;
  private final LoginThrottle throttle;
  private final PasswordConfirmation confirmation;
  private final AuthEvents events;
  private final Clock clock;

  TwoFactor(
      Stores stores,
      Tokens tokens,
      LoginThrottle throttle,
      PasswordConfirmation confirmation,
      AuthEvents events,
      Clock clock) {
    this.store = stores.totp();
    this.transactor = stores.transactor();
    this.codes = new TotpCodes();
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether {@code user}'s second factor is on, or pending confirmation. */
  TwoFactorStatus status(User user) {
    Optional<SecondFactor> factor = store.find(user.id());
    boolean on = factor.map(SecondFactor::on).orElse(false);
    return new TwoFactorStatus(on, factor.isPresent() && !on);
  }

  /**
   * Begins enrolling {@code user} with a new secret, replacing a pending enrolment.
   *
   * @throws TwoFactorStateException if the user's second factor is already on
   */
  TotpEnrolment start(User user) {
    String secret = TotpCodes.newSecret(tokens);
    if (!store.startEnrolment(user.id(), secret, clock.instant())) {
      throw new TwoFactorStateException("two-factor login is already on");
    }
    URI uri = codes.enrolmentUri(secret, user.email());
    return new TotpEnrolment(secret, uri, QrCodes.svgDataUri(uri.toString()));
  }

  /**
   * Turns on the pending second factor of {@code user} with a first code from their app, and
   * returns new recovery codes, shown this once (only their hashes are kept).
   *
   * @throws TwoFactorStateException if no enrolment is pending
   * @throws InvalidOneTimeCodeException if the code is wrong
   */
  List<String> confirm(User user, String code) {
    SecondFactor pending =
        store
            .find(user.id())
            .filter(f -> !f.on())
            .orElseThrow(() -> new TwoFactorStateException("no two-factor enrolment is pending"));
    OptionalLong step = codes.matchingStep(pending.secret(), code, clock.instant());
    if (step.isEmpty()) {
      throw new InvalidOneTimeCodeException();
    }
    List<String> recovery = RecoveryCodes.newCodes(tokens);
    List<String> hashes =
        recovery.stream().map(c -> RecoveryCodes.hashOf(c).orElseThrow()).toList();
    transactor.inTransaction(
        () -> {
          if (!store.confirm(user.id(), step.getAsLong(), clock.instant())) {
            throw new TwoFactorStateException("no two-factor enrolment is pending");
          }
          store.replaceRecoveryCodes(user.id(), hashes);
          return null;
        });
    events.secondFactorChanged(user.id(), true);
    return recovery;
  }

  /**
   * At login, once {@code user}'s password was found right: returns normally if their second factor
   * is off, or {@code otp} is a fresh code or an unused recovery code (which is then used up). A
   * wrong, replayed or used code counts as a failed login of {@code account} from {@code address}.
   *
   * @throws OneTimeCodeRequiredException if the second factor is on and no code was given
   * @throws InvalidOneTimeCodeException if the code is wrong, replayed, or a used recovery code
   */
  void check(User user, Optional<String> otp, String account, String address) {
    Optional<SecondFactor> factor = store.find(user.id()).filter(SecondFactor::on);
    if (factor.isEmpty()) {
      return;
    }
    if (otp.isEmpty()) {
      throw new OneTimeCodeRequiredException();
    }
    if (!accepts(factor.get(), otp.get())) {
      throw refused(user, account, address);
    }
  }

  /**
   * Turns off {@code user}'s second factor if {@code password} is theirs, confirmed from {@code
   * address} as {@link PasswordConfirmation} does, and {@code code} is a fresh code or an unused
   * recovery code.
   *
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws WrongPasswordException if the password is wrong
   * @throws TwoFactorStateException if the second factor is not on
   * @throws InvalidOneTimeCodeException if the code is wrong (counted toward the throttle)
   */
  void turnOff(User user, String password, String code, String address) {
    confirmation.require(user, password, address);
    SecondFactor factor =
        store
            .find(user.id())
            .filter(SecondFactor::on)
            .orElseThrow(() -> new TwoFactorStateException("two-factor login is not on"));
    if (!accepts(factor, code)) {
      throw refused(user, Email.fold(user.email()), address);
    }
    store.delete(user.id());
    events.secondFactorChanged(user.id(), false);
  }

  private boolean accepts(SecondFactor factor, String code) {
    Optional<String> recoveryHash = RecoveryCodes.hashOf(code);
    if (recoveryHash.isPresent()) {
      return store.useRecoveryCode(factor.userId(), recoveryHash.get(), clock.instant());
    }
    OptionalLong step = codes.matchingStep(factor.secret(), code, clock.instant());
    return step.isPresent() && store.acceptStep(factor.userId(), step.getAsLong());
  }

  private InvalidOneTimeCodeException refused(User user, String account, String address) {
    throttle.recordFailure(account, address);
    events.loginFailed(OptionalLong.of(user.id()));
    return new InvalidOneTimeCodeException();
  }
}
