package io.bienvenue.auth;

import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.EmailNotVerifiedException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidOneTimeCodeException;
import io.bienvenue.auth.failure.InvalidPasskeyException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.failure.ServiceBusyException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordInput;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.Email;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A login, from the email and password to a started session: the throttle, the password (an unknown
 * email costing the same bcrypt work as a wrong password), the verified email, the second factor,
 * the disabled flag, then a session that is started only if the account did not change meanwhile.
 * Thread-safe.
 */
public final class Login {

  /** How a login with the password alone was authenticated (RFC 8176). */
  private static final List<String> PASSWORD = List.of("pwd");

  /** How a login with the password and a second factor's code was authenticated (RFC 8176). */
  private static final List<String> PASSWORD_AND_CODE = List.of("pwd", "otp");

  /**
   * How a login with the password and one of the user's passkeys was authenticated (RFC 8176): a
   * key held in hardware besides the password, which is multi-factor.
   */
  private static final List<String> PASSWORD_AND_PASSKEY = List.of("pwd", "hwk", "mfa");

  private final UserStore users;
  private final Transactor transactor;
  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final SecondStep secondStep;
  private final SessionKeeper sessionKeeper;
  private final EmailVerification verification;
  private final AuthEvents events;

  /** Creates the flow from the stores of one database, its collaborators and the mode's rules. */
  public Login(
      Stores stores,
      LoginThrottle throttle,
      PasswordHasher hasher,
      TwoFactor twoFactor,
      Passkeys passkeys,
      SessionKeeper sessionKeeper,
      AuthSettings settings,
      AuthEvents events) {
    this.users = stores.users();
    this.transactor = stores.transactor();
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.secondStep = new SecondStep(twoFactor, passkeys, events);
    this.sessionKeeper = Objects.requireNonNull(sessionKeeper, "sessionKeeper");
    this.verification = settings.verification();
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Logs in from {@code origin}: checks the throttle, then the password, then starts a session that
   * remembers its origin. This is what {@code POST /sessions} does. A refused attempt counts toward
   * the throttle of the origin's client address; a throttled one runs no bcrypt at all. A hash made
   * at another cost than the configured one (an imported user's) is replaced by one at the
   * configured cost.
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is unusable
   * @throws TooManyAttemptsException if too many logins failed recently for this account from this
   *     address, from this address, or for this account
   * @throws InvalidCredentialsException if the email is unknown or the password wrong
   * @throws EmailNotVerifiedException if the password is right but verification is required and the
   *     user has not verified their email; no code is asked for then
   * @throws OneTimeCodeRequiredException if the second factor is on and {@code otp} is empty
   * @throws InvalidOneTimeCodeException if {@code otp} is wrong, replayed, or a used recovery code
   * @throws AccountDisabledException if the password is right but an operator disabled the user
   */
  IssuedSession logIn(String email, String password, Optional<String> otp, SessionOrigin origin) {
    return logIn(email, password, otp, Optional.empty(), origin);
  }

  /**
   * Logs in as above, with {@code passkey}, the browser's {@code AuthenticationResponseJSON} of one
   * of the user's own passkeys, in place of {@code otp} ({@link SecondStep}): checked only once the
   * password is right, and counted as a failed login if refused.
   *
   * @throws InvalidFieldException also if both {@code otp} and {@code passkey} are given
   * @throws InvalidPasskeyException if the passkey is refused, for any reason
   */
  IssuedSession logIn(
      String email,
      String password,
      Optional<String> otp,
      Optional<String> passkey,
      SessionOrigin origin) {
    Fields.requireEmail(email);
    PasswordInput.require("password", password);
    SecondStep.requireAtMostOne(otp, passkey);
    Objects.requireNonNull(origin, "origin");
    String account = Email.fold(email);
    String clientAddress = origin.clientIp().orElse("");
    try (LoginThrottle.Attempt attempt = begin(account, clientAddress)) {
      Optional<User> known = users.findByEmail(email);
      if (!passwordMatches(known, password, attempt)) {
        events.loginFailed(known.map(u -> OptionalLong.of(u.id())).orElse(OptionalLong.empty()));
        throw new InvalidCredentialsException();
      }
      User user = known.get();
      if (verification.required() && !user.emailVerified()) {
        attempt.withdraw();
        events.loginUnverified(user.id());
        throw new EmailNotVerifiedException();
      }
      List<String> amr =
          switch (secondStep.check(user, otp, passkey, attempt)) {
            case NONE -> PASSWORD;
            case CODE -> PASSWORD_AND_CODE;
            case PASSKEY -> PASSWORD_AND_PASSKEY;
          };
      attempt.succeeded();
      if (user.disabled()) {
        events.loginDisabled(user.id());
        throw new AccountDisabledException();
      }
      IssuedSession session = startSessionIfUnchanged(user, password, origin, amr);
      events.loggedIn(user.id());
      return session;
    }
  }

  /** Reserves a login attempt, as {@link LoginThrottle#begin} does, auditing a refusal. */
  private LoginThrottle.Attempt begin(String account, String clientAddress) {
    try {
      return throttle.begin(account, clientAddress);
    } catch (TooManyAttemptsException e) {
      events.loginThrottled();
      throw e;
    }
  }

  /**
   * Verifies {@code password} within {@code attempt}: a hashing queue too full to take the work is
   * no guess, so the attempt is withdrawn before the refusal goes on.
   */
  private boolean passwordMatches(
      Optional<User> user, String password, LoginThrottle.Attempt attempt) {
    try {
      return passwordMatches(user, password);
    } catch (ServiceBusyException e) {
      attempt.withdraw();
      throw e;
    }
  }

  /** As {@link Auth#validLogin}: the password check alone, with no throttle and no session. */
  boolean validLogin(String email, String password) {
    Fields.requireEmail(email);
    PasswordInput.require("password", password);
    return passwordMatches(users.findByEmail(email), password);
  }

  /** As {@link Auth#createSession}: a session for {@code email}'s user, with no password. */
  Optional<IssuedSession> createSession(String email) {
    Fields.requireEmail(email);
    return users
        .findByEmail(email)
        .map(user -> sessionKeeper.start(user, SessionOrigin.UNKNOWN, List.of()));
  }

  /** Verifies {@code password}; an unknown user costs the same bcrypt work and never matches. */
  private boolean passwordMatches(Optional<User> user, String password) {
    if (user.isEmpty()) {
      return hasher.verifyNothing(password);
    }
    return hasher.verify(password, user.get().hashedPassword());
  }

  /**
   * Starts a session for {@code user}, whose password was just verified against the hash read
   * before, in one transaction that first re-checks, and locks, the user row: if a password reset
   * or a disable committed since, no session is started (a reset ends every session, and a session
   * opened with the old password after it would outlive it). A hash made at another bcrypt cost (an
   * imported one) is replaced by one at the configured cost in the same statement.
   *
   * @throws InvalidCredentialsException if the password or the account changed meanwhile
   */
  private IssuedSession startSessionIfUnchanged(
      User user, String password, SessionOrigin origin, List<String> amr) {
    String hash =
        hasher.needsRehash(user.hashedPassword()) ? hasher.hash(password) : user.hashedPassword();
    Map<String, Object> unchanged = new HashMap<>();
    unchanged.put("hashed_password", user.hashedPassword());
    unchanged.put("disabled_at", null);
    return transactor.inTransaction(
        () -> {
          // A compare-and-set on the user row: it takes the row's write lock, so a reset or a
          // disable waits for this transaction, and then deletes the session it started.
          if (!users.updateUserIf(user.id(), unchanged, Map.of("hashed_password", hash))) {
            throw new InvalidCredentialsException();
          }
          return sessionKeeper.start(user, origin, amr);
        });
  }
}
