package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidOneTimeCodeException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.TwoFactorStateException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.auth.twofactor.RecoveryCodes;
import io.bienvenue.auth.twofactor.TotpCodes;
import io.bienvenue.auth.twofactor.TotpConfirmation;
import io.bienvenue.auth.twofactor.TotpEnrolment;
import io.bienvenue.auth.twofactor.TwoFactorStatus;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.TotpStore;
import io.bienvenue.store.Transactor;
import io.bienvenue.user.Email;
import io.bienvenue.user.SecondFactor;
import io.bienvenue.user.User;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The TOTP second factor of a user: enrolment (pending until a first code confirms it), the check
 * at login once the password is right, recovery codes, and turning it off. A code is accepted only
 * for a time step later than the last one accepted, recorded by a compare-and-set in the database,
 * so a code is never accepted twice, whichever instance sees it. Starting an enrolment takes the
 * password; turning the factor on or off ends the user's other sessions and, where the service
 * sends mail, queues a notice to the owner's address in the same transaction, which also writes the
 * {@code user.two_factor_enabled} or {@code user.two_factor_disabled} event. Wrong codes (at login,
 * when confirming an enrolment and when turning it off) count toward the login throttle, and only a
 * wholly successful request clears it. The secret is stored sealed ({@link TotpSecrets}) and opened
 * only to check a code. Thread-safe.
 */
public final class TwoFactor {

  private final TotpStore store;
  private final TotpSecrets secrets;
  private final SessionStore sessions;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final TotpCodes codes;
  private final Tokens tokens;
  private final LoginThrottle throttle;
  private final PasswordConfirmation confirmation;
  private final Notices notices;
  private final AuthEvents events;
  private final Clock clock;

  /** Creates the flow from its collaborators. */
  public TwoFactor(
      Stores stores,
      WebhookEvents webhookEvents,
      TotpSecrets secrets,
      Tokens tokens,
      LoginThrottle throttle,
      PasswordConfirmation confirmation,
      Notices notices,
      AuthEvents events,
      Clock clock) {
    this.store = stores.totp();
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.sessions = stores.sessions();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.codes = new TotpCodes();
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.notices = Objects.requireNonNull(notices, "notices");
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
   * Begins enrolling {@code user} with a new secret, replacing a pending enrolment, if {@code
   * password} is theirs (confirmed from {@code address} as {@link PasswordConfirmation} does): a
   * stolen session alone cannot set a second factor that would lock the owner out.
   *
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws WrongPasswordException if the password is wrong
   * @throws TwoFactorStateException if the user's second factor is already on
   */
  TotpEnrolment start(User user, String password, String address) {
    confirmation.require(user, password, address);
    String secret = TotpCodes.newSecret(tokens);
    if (!store.startEnrolment(user.id(), secrets.seal(user.id(), secret), clock.instant())) {
      throw new TwoFactorStateException("two-factor login is already on");
    }
    URI uri = codes.enrolmentUri(secret, user.email());
    return new TotpEnrolment(secret, uri);
  }

  /**
   * Turns on the pending second factor of {@code caller}'s user with a first code from their app,
   * ends the user's other sessions (the factor changed, so a session opened before may be a
   * thief's), and returns new recovery codes, shown this once (only their hashes are kept). Only
   * the secret the code was checked against is turned on: if another enrolment replaced it
   * meanwhile, nothing is. A wrong code counts as a failed login of the account from {@code
   * address}.
   *
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws TwoFactorStateException if no enrolment is pending
   * @throws InvalidOneTimeCodeException if the code is wrong
   */
  TotpConfirmation confirm(SessionAndUser caller, String code, String address) {
    User user = caller.user();
    try (LoginThrottle.Attempt attempt = begin(user, address)) {
      Optional<SecondFactor> pending = store.find(user.id()).filter(f -> !f.on());
      if (pending.isEmpty()) {
        attempt.withdraw();
        throw new TwoFactorStateException("no two-factor enrolment is pending");
      }
      String sealed = pending.get().secret();
      OptionalLong step =
          codes.matchingStep(secrets.open(user.id(), sealed), code, clock.instant());
      if (step.isEmpty()) {
        events.loginFailed(OptionalLong.of(user.id()));
        throw new InvalidOneTimeCodeException();
      }
      // A right code proves the app holds the new secret, not the password: nothing is cleared.
      attempt.withdraw();
      List<String> recovery = RecoveryCodes.newCodes(tokens);
      List<String> hashes =
          recovery.stream().map(c -> RecoveryCodes.hashOf(c).orElseThrow()).toList();
      int ended =
          transactor.inTransaction(
              () -> {
                if (!store.confirm(user.id(), sealed, step.getAsLong(), clock.instant())) {
                  throw new TwoFactorStateException("no two-factor enrolment is pending");
                }
                store.replaceRecoveryCodes(user.id(), hashes);
                notices.queue(Notice.TWO_FACTOR_ON, user);
                int others = sessions.deleteOthersOfUser(user.id(), caller.session().tokenHash());
                webhookEvents.record(WebhookEvent.USER_TWO_FACTOR_ENABLED, user);
                return others;
              });
      events.secondFactorChanged(user.id(), true);
      return new TotpConfirmation(recovery, ended);
    }
  }

  /**
   * At login, once {@code user}'s password was found right: returns false if their second factor is
   * off, and true if {@code otp} is a fresh code or an unused recovery code (which is then used
   * up). A wrong, replayed or used code leaves {@code attempt} counted as a failed login; a login
   * that gave no code yet is no guess, and its attempt is withdrawn.
   *
   * @throws OneTimeCodeRequiredException if the second factor is on and no code was given
   * @throws InvalidOneTimeCodeException if the code is wrong, replayed, or a used recovery code
   */
  boolean check(User user, Optional<String> otp, LoginThrottle.Attempt attempt) {
    Optional<SecondFactor> factor = store.find(user.id()).filter(SecondFactor::on);
    if (factor.isEmpty()) {
      return false;
    }
    if (otp.isEmpty()) {
      attempt.withdraw();
      throw new OneTimeCodeRequiredException();
    }
    if (!accepts(factor.get(), otp.get())) {
      events.loginFailed(OptionalLong.of(user.id()));
      throw new InvalidOneTimeCodeException();
    }
    return true;
  }

  /**
   * Turns off the second factor of {@code caller}'s user if {@code password} is theirs, confirmed
   * from {@code address} as {@link PasswordConfirmation} does, and {@code code} is a fresh code or
   * an unused recovery code; ends the user's other sessions and returns how many. The right
   * password alone clears no failure counter: a wrong code after it counts as a failed login, so
   * the request is no oracle for codes.
   *
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws WrongPasswordException if the password is wrong
   * @throws TwoFactorStateException if the second factor is not on
   * @throws InvalidOneTimeCodeException if the code is wrong (counted toward the throttle)
   */
  int turnOff(SessionAndUser caller, String password, String code, String address) {
    User user = caller.user();
    try (LoginThrottle.Attempt attempt = confirmation.check(user, password, address)) {
      Optional<SecondFactor> factor = store.find(user.id()).filter(SecondFactor::on);
      if (factor.isEmpty()) {
        attempt.withdraw();
        throw new TwoFactorStateException("two-factor login is not on");
      }
      if (!accepts(factor.get(), code)) {
        events.loginFailed(OptionalLong.of(user.id()));
        throw new InvalidOneTimeCodeException();
      }
      attempt.succeeded();
      int ended =
          transactor.inTransaction(
              () -> {
                store.delete(user.id());
                notices.queue(Notice.TWO_FACTOR_OFF, user);
                int others = sessions.deleteOthersOfUser(user.id(), caller.session().tokenHash());
                webhookEvents.record(
                    WebhookEvent.USER_TWO_FACTOR_DISABLED, user, Map.of("by", "user"));
                return others;
              });
      events.secondFactorChanged(user.id(), false);
      return ended;
    }
  }

  /** Reserves an attempt at a code for {@code user}, auditing a refusal. */
  private LoginThrottle.Attempt begin(User user, String address) {
    try {
      return throttle.begin(Email.fold(user.email()), address);
    } catch (TooManyAttemptsException e) {
      events.loginThrottled();
      throw e;
    }
  }

  private boolean accepts(SecondFactor factor, String code) {
    Optional<String> recoveryHash = RecoveryCodes.hashOf(code);
    if (recoveryHash.isPresent()) {
      return store.useRecoveryCode(factor.userId(), recoveryHash.get(), clock.instant());
    }
    String secret = secrets.open(factor.userId(), factor.secret());
    OptionalLong step = codes.matchingStep(secret, code, clock.instant());
    return step.isPresent() && store.acceptStep(factor.userId(), step.getAsLong());
  }
}
