package io.bienvenue.auth;

import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.EmailNotVerifiedException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidLoginCodeException;
import io.bienvenue.auth.failure.InvalidOneTimeCodeException;
import io.bienvenue.auth.failure.InvalidPasskeyException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.InvalidVerificationTokenException;
import io.bienvenue.auth.failure.LoginCodesUnavailableException;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.TwoFactorStateException;
import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.failure.UnknownPasskeyException;
import io.bienvenue.auth.failure.UnknownSessionException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.twofactor.TotpConfirmation;
import io.bienvenue.auth.twofactor.TotpEnrolment;
import io.bienvenue.auth.twofactor.TwoFactorStatus;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authentication service: the original's {@code auth.py} {@code Auth} class. The HTTP layer
 * talks to this class only.
 *
 * <p>Secrets never leave it in the clear except the tokens it issues: passwords are kept as bcrypt
 * hashes, session and reset tokens as SHA-256 hashes compared in constant time. A login for an
 * unknown email does the same bcrypt work as one with a wrong password. Thread-safe.
 *
 * <p>A method that takes a session {@code token} acts for that session's user, and throws {@link
 * NoSessionException} if the token is no live session or its user is disabled. One that takes a
 * password checks it first against the throttle of the account and of {@code clientAddress}: it
 * throws {@link TooManyAttemptsException} without checking it when either is throttled, and {@link
 * InvalidFieldException} for an empty password; a wrong password or code counts as a failed login.
 */
public final class Auth {

  private final Registration registration;
  private final Login login;
  private final SessionKeeper sessionKeeper;
  private final AccountChanges accountChanges;
  private final PasswordReset reset;
  private final EmailVerifications verifications;
  private final TwoFactor twoFactor;
  private final EmailCodes emailCodes;
  private final Passkeys passkeys;

  /** The client address, in the mail limits, of an operator's registration on the command line. */
  public static final String COMMAND_LINE = "command-line";

  /** Creates the service from the flows it hands each call to; the composition root builds them. */
  public Auth(
      Registration registration,
      Login login,
      SessionKeeper sessionKeeper,
      AccountChanges accountChanges,
      PasswordReset reset,
      EmailVerifications verifications,
      TwoFactor twoFactor,
      EmailCodes emailCodes,
      Passkeys passkeys) {
    this.registration = Objects.requireNonNull(registration, "registration");
    this.login = Objects.requireNonNull(login, "login");
    this.sessionKeeper = Objects.requireNonNull(sessionKeeper, "sessionKeeper");
    this.accountChanges = Objects.requireNonNull(accountChanges, "accountChanges");
    this.reset = Objects.requireNonNull(reset, "reset");
    this.verifications = Objects.requireNonNull(verifications, "verifications");
    this.twoFactor = Objects.requireNonNull(twoFactor, "twoFactor");
    this.emailCodes = Objects.requireNonNull(emailCodes, "emailCodes");
    this.passkeys = Objects.requireNonNull(passkeys, "passkeys");
  }

  /**
   * Registers a new user as the three-argument form does, for an operator ({@link #COMMAND_LINE}).
   */
  public User registerUser(String email, String password) {
    return registerUser(email, password, COMMAND_LINE);
  }

  /**
   * Registers a new user with a bcrypt hash of {@code password}, asked for from {@code
   * clientAddress}. Where email verification is required, the request counts in the mail limits and
   * the user starts unverified, with a verification mail queued ({@code Registration}).
   *
   * @throws InvalidFieldException if the email is invalid or the policy refuses the password
   * @throws TooManyAttemptsException if verification is required and too much mail was asked for
   * @throws EmailAlreadyRegisteredException if the email (compared case-insensitively) is taken
   */
  public User registerUser(String email, String password, String clientAddress) {
    return registerUser(email, password, clientAddress, Optional.empty());
  }

  /**
   * Registers a new user as the three-argument form does; where a verification mail is queued, its
   * link carries {@code returnTo}, an address the caller has checked against its allow-list.
   *
   * @throws InvalidFieldException if the email is invalid or the policy refuses the password
   * @throws TooManyAttemptsException if verification is required and too much mail was asked for
   * @throws EmailAlreadyRegisteredException if the email (compared case-insensitively) is taken
   */
  public User registerUser(
      String email, String password, String clientAddress, Optional<String> returnTo) {
    return registration.register(email, password, clientAddress, returnTo);
  }

  /**
   * Tells whether {@code password} is the password of the user with {@code email}. An unknown email
   * costs the same bcrypt work as a wrong password, and gives the same answer.
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is unusable
   */
  public boolean validLogin(String email, String password) {
    return login.validLogin(email, password);
  }

  /** Logs in from {@code clientAddress} as below, with no one-time code and no user agent. */
  public IssuedSession logIn(String email, String password, String clientAddress) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    return logIn(email, password, Optional.empty(), SessionOrigin.of(clientAddress, null));
  }

  /**
   * Logs in from {@code origin} and starts a session that remembers it: what {@code POST /sessions}
   * does. The throttle, the password, the verified email, the second factor and the disabled flag
   * are checked in that order ({@code Login}).
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is unusable
   * @throws TooManyAttemptsException if too many logins failed recently for this account or address
   * @throws InvalidCredentialsException if the email is unknown or the password wrong
   * @throws EmailNotVerifiedException if verification is required and the email is not verified
   * @throws OneTimeCodeRequiredException if the second factor is on and {@code otp} is empty
   * @throws InvalidOneTimeCodeException if {@code otp} is wrong, replayed, or a used recovery code
   * @throws AccountDisabledException if the password is right but an operator disabled the user
   */
  public IssuedSession logIn(
      String email, String password, Optional<String> otp, SessionOrigin origin) {
    return login.logIn(email, password, otp, origin);
  }

  /**
   * Starts a new session for the user with {@code email}, beside any other session of theirs, and
   * returns its token; the database keeps only the token's hash. Empty if there is no such user.
   */
  public Optional<IssuedSession> createSession(String email) {
    return login.createSession(email);
  }

  /**
   * Returns the user of the live session {@code token}: unused for less than the idle timeout and
   * younger than its lifetime. Empty for a malformed, unknown or ended token, or a disabled user.
   */
  public Optional<User> getUserFromSessionId(String token) {
    return sessionKeeper.liveWithUser(token).map(SessionAndUser::user).filter(u -> !u.disabled());
  }

  /**
   * Who is logged in with {@code token}, as {@code GET /sessions/whoami} shows it: a use of the
   * session. Empty whenever {@link #getUserFromSessionId} would be.
   */
  public Optional<LiveSession> whoami(String token) {
    return sessionKeeper.whoami(token);
  }

  /** Ends the live session {@code token} only, and tells whether there was one; others stay. */
  public boolean destroySession(String token) {
    return sessionKeeper.logOut(token);
  }

  /** Lists the live sessions of {@code token}'s user, newest first, marking that one as current. */
  public List<ActiveSession> sessionsOf(String token) {
    return sessionKeeper.listOfUser(sessionKeeper.caller(token).session());
  }

  /**
   * Ends the session {@code sessionId} (a public id) of {@code token}'s user, maybe {@code
   * token}'s.
   *
   * @throws UnknownSessionException if that user has none of that id: another user's is unknown
   */
  public void endSession(String token, String sessionId) {
    sessionKeeper.endOfUser(sessionKeeper.caller(token), sessionId);
  }

  /**
   * Changes the password of the user of the live session {@code token}, who confirms it with {@code
   * currentPassword} from {@code clientAddress}. The user's other sessions end; this one stays.
   *
   * @throws InvalidFieldException if the new password is empty or refused by the mode's policy
   * @throws WrongPasswordException if the current password is wrong
   */
  public void changePassword(
      String token, String currentPassword, String newPassword, String clientAddress) {
    accountChanges.changePassword(
        sessionKeeper.caller(token), currentPassword, newPassword, clientAddress);
  }

  /**
   * Deletes the account of the user of the live session {@code token}, who confirms it with {@code
   * password} from {@code clientAddress}, with everything of theirs; the email can register again.
   *
   * @throws WrongPasswordException if the password is wrong
   */
  public void deleteAccount(String token, String password, String clientAddress) {
    accountChanges.deleteAccount(sessionKeeper.caller(token), password, clientAddress);
  }

  /**
   * Tells whether the user of the live session {@code token} logs in with a second factor, and
   * whether an enrolment is pending.
   */
  public TwoFactorStatus twoFactorStatus(String token) {
    return twoFactor.status(sessionKeeper.caller(token).user());
  }

  /**
   * Begins enrolling a TOTP second factor for the user of the live session {@code token}, who
   * confirms it with their {@code password} from {@code clientAddress}: a new secret and its {@code
   * otpauth://} URI, pending until {@link #confirmTotp}. A wrong password counts as a failed login.
   *
   * @throws WrongPasswordException if the password is wrong
   * @throws TwoFactorStateException if the user's second factor is already on
   */
  public TotpEnrolment startTotpEnrolment(String token, String password, String clientAddress) {
    return twoFactor.start(sessionKeeper.caller(token).user(), password, clientAddress);
  }

  /**
   * Turns on the pending second factor of the user of the live session {@code token} with a code of
   * their app, sent from {@code clientAddress}; ends their other sessions and returns ten recovery
   * codes, shown this once. A wrong code counts as a failed login.
   *
   * @throws TwoFactorStateException if no enrolment is pending, or another replaced it meanwhile
   * @throws InvalidOneTimeCodeException if the code is wrong
   */
  public TotpConfirmation confirmTotp(String token, String code, String clientAddress) {
    return twoFactor.confirm(sessionKeeper.caller(token), code, clientAddress);
  }

  /**
   * Turns off the second factor of the user of the live session {@code token}, who confirms it with
   * their {@code password} and a fresh {@code code} or unused recovery code from {@code
   * clientAddress}; ends their other sessions and returns how many. A wrong one counts as a
   * failure.
   *
   * @throws WrongPasswordException if the password is wrong
   * @throws TwoFactorStateException if the second factor is not on
   * @throws InvalidOneTimeCodeException if the code is wrong, replayed or used
   */
  public int disableTotp(String token, String password, String code, String clientAddress) {
    return twoFactor.turnOff(sessionKeeper.caller(token), password, code, clientAddress);
  }

  /**
   * Issues a reset token for the user with {@code email}, replacing any earlier one, and returns
   * it; the database keeps only its hash, with an expiry.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws UnknownEmailException if no user has that email
   */
  public String getResetPasswordToken(String email) {
    return reset.issueToken(email);
  }

  /**
   * Answers {@code POST /reset_password}: in development ({@link ResetDelivery#IN_RESPONSE}) as
   * {@link #getResetPasswordToken}; in production a reset mail is queued and nothing returned, with
   * the same answer and work for a registered email and an unknown one ({@code PasswordReset}).
   *
   * @return the token to show the client, in development only
   * @throws InvalidFieldException if the email is not a valid address
   * @throws UnknownEmailException in development, if no user has that email
   * @throws TooManyAttemptsException in production, if too much mail was asked for
   */
  public Optional<String> requestPasswordReset(String email, String clientAddress) {
    return requestPasswordReset(email, clientAddress, Optional.empty());
  }

  /**
   * Answers {@code POST /reset_password} as the two-argument form does; a reset mail's link carries
   * {@code returnTo}, an address the caller has checked against its allow-list.
   *
   * @return the token to show the client, in development only
   * @throws InvalidFieldException if the email is not a valid address
   * @throws UnknownEmailException in development, if no user has that email
   * @throws TooManyAttemptsException in production, if too much mail was asked for
   */
  public Optional<String> requestPasswordReset(
      String email, String clientAddress, Optional<String> returnTo) {
    return reset.request(email, clientAddress, returnTo);
  }

  /**
   * With a live reset token for {@code email}, sets the password to {@code newPassword}, voids the
   * token and ends every session of the user. Of two concurrent uses of one token, one succeeds.
   *
   * @throws InvalidFieldException if the email is invalid or the policy refuses the password
   * @throws InvalidResetTokenException if the token is not that email's live reset token
   */
  public void updatePassword(String email, String resetToken, String newPassword) {
    reset.complete(email, resetToken, newPassword);
  }

  /**
   * Verifies the email of its user with {@code token}, that email's live verification token, which
   * is then void. This is what {@code POST /verify_email} does.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws InvalidVerificationTokenException if the token is not that email's live verification
   *     token: wrong, used, replaced or expired, or the email unknown
   */
  public void verifyEmail(String email, String token) {
    verifications.verify(email, token);
  }

  /**
   * Answers {@code POST /verify_email/resend}: queues a mail with a new verification link if, when
   * it is sent, {@code email} is an unverified user's. Every email gets the same answer and work.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws TooManyAttemptsException if too much mail was asked for
   */
  public void requestVerificationLink(String email, String clientAddress) {
    requestVerificationLink(email, clientAddress, Optional.empty());
  }

  /**
   * Answers {@code POST /verify_email/resend} as the two-argument form does; the mail's link
   * carries {@code returnTo}, an address the caller has checked against its allow-list.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws TooManyAttemptsException if too much mail was asked for
   */
  public void requestVerificationLink(
      String email, String clientAddress, Optional<String> returnTo) {
    verifications.requestLink(email, clientAddress, returnTo);
  }

  /**
   * Answers {@code POST /sessions/email_code}: queues a mail with a code to log in with, and a link
   * that fills it in, for {@code email}, asked for from {@code clientAddress}. Every email gets the
   * same answer and work; the code is issued when the mail is sent, and only to a registered user
   * who is not disabled ({@code EmailCodes}). The link carries {@code returnTo}, an address the
   * caller has checked against its allow-list, if given.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws LoginCodesUnavailableException if the service sends no mail
   * @throws TooManyAttemptsException if too much mail was asked for
   */
  public void requestLoginCode(String email, String clientAddress, Optional<String> returnTo) {
    emailCodes.request(email, clientAddress, returnTo);
  }

  /**
   * Logs in from {@code origin} with {@code code}, the live code mailed to {@code email}: what
   * {@code POST /sessions/email_code/verify} does. The code works once; with two-step login on it
   * is the first factor only, and {@code otp} the second. A login by code to an unverified account
   * verifies it, drops its password and ends its other sessions ({@code EmailCodes}).
   *
   * @throws InvalidFieldException if the email is not a valid address or the code is empty
   * @throws LoginCodesUnavailableException if the service sends no mail
   * @throws TooManyAttemptsException if too many logins failed recently for this account or address
   * @throws InvalidLoginCodeException if the email is unknown, or the code wrong, used or void
   * @throws OneTimeCodeRequiredException if the second factor is on and {@code otp} is empty
   * @throws InvalidOneTimeCodeException if {@code otp} is wrong, replayed, or a used recovery code
   * @throws AccountDisabledException if the code is right but an operator disabled the user
   */
  public IssuedSession logInWithCode(
      String email, String code, Optional<String> otp, SessionOrigin origin) {
    return emailCodes.logIn(email, code, otp, origin);
  }

  /**
   * The creation options of a new passkey for the user of the live session {@code token}, asked for
   * from {@code clientAddress}: WebAuthn's JSON form, what {@code
   * PublicKeyCredential.parseCreationOptionsFromJSON} takes, with a fresh challenge that works once
   * within five minutes, on any instance.
   *
   * @throws TooManyAttemptsException if too many challenges are live for the user or the address
   */
  public String passkeyRegistrationOptions(String token, String clientAddress) {
    return passkeys.registrationOptions(sessionKeeper.caller(token), clientAddress);
  }

  /**
   * Adds a passkey named {@code name} to the user of the live session {@code token}, from {@code
   * credentialJson}, the browser's {@code RegistrationResponseJSON} answering that user's live
   * challenge. The user confirms with {@code password}, or needs none shortly after logging in.
   *
   * @throws InvalidFieldException if the name or the credential is refused, for any reason
   * @throws WrongPasswordException if a password is needed and is wrong or missing
   */
  public PasskeySummary addPasskey(
      String token,
      String credentialJson,
      String name,
      Optional<String> password,
      String clientAddress) {
    return passkeys.register(
        sessionKeeper.caller(token), credentialJson, name, password, clientAddress);
  }

  /** Lists the passkeys of the user of the live session {@code token}, oldest first. */
  public List<PasskeySummary> passkeysOf(String token) {
    return passkeys.list(sessionKeeper.caller(token).user());
  }

  /**
   * Removes the passkey {@code id} of the user of the live session {@code token}, who confirms with
   * {@code password}, or needs none shortly after logging in.
   *
   * @throws WrongPasswordException if a password is needed and is wrong or missing
   * @throws UnknownPasskeyException if that user has no passkey of that id
   */
  public void removePasskey(
      String token, String id, Optional<String> password, String clientAddress) {
    passkeys.remove(sessionKeeper.caller(token), id, password, clientAddress);
  }

  /**
   * The request options of a passwordless login asked for from {@code clientAddress}: WebAuthn's
   * JSON form, what {@code PublicKeyCredential.parseRequestOptionsFromJSON} takes, with a fresh
   * challenge that works once within five minutes, on any instance, and no credentials listed.
   *
   * @throws TooManyAttemptsException if too many challenges are live for the address
   */
  public String passkeyLoginOptions(String clientAddress) {
    return passkeys.loginOptions(clientAddress);
  }

  /**
   * Logs in with a passkey from {@code origin}: {@code credentialJson} is the browser's {@code
   * AuthenticationResponseJSON}. Answers like a password login; a passkey with user verification is
   * both factors.
   *
   * @throws InvalidPasskeyException for any refused answer, with one message
   * @throws TooManyAttemptsException if too many logins failed recently from this address
   * @throws EmailNotVerifiedException if verification is required and the email is not verified
   * @throws AccountDisabledException if an operator disabled the user
   */
  public PasskeyLogin logInWithPasskey(String credentialJson, SessionOrigin origin) {
    return passkeys.logIn(credentialJson, origin);
  }

  /**
   * Logs in as {@link #logIn(String, String, Optional, SessionOrigin)} does, with {@code passkey},
   * the browser's {@code AuthenticationResponseJSON} of one of the user's own passkeys, as the
   * second step in place of {@code otp}: user verification is not required, and the session's amr
   * is {@code pwd hwk mfa}. A passkey is checked only once the password is right; a refused one is
   * a failed login. A user without TOTP may give one too: it is checked all the same.
   *
   * @throws InvalidFieldException also if both {@code otp} and {@code passkey} are given
   * @throws InvalidPasskeyException if the passkey is refused, for any reason, with one message
   */
  public IssuedSession logIn(
      String email,
      String password,
      Optional<String> otp,
      Optional<String> passkey,
      SessionOrigin origin) {
    return login.logIn(email, password, otp, passkey, origin);
  }

  /**
   * Logs in with the mailed code as {@link #logInWithCode(String, String, Optional, SessionOrigin)}
   * does, with {@code passkey} as the second step in place of {@code otp}, as {@link #logIn(String,
   * String, Optional, Optional, SessionOrigin)} takes it.
   *
   * @throws InvalidFieldException also if both {@code otp} and {@code passkey} are given
   * @throws InvalidPasskeyException if the passkey is refused, for any reason, with one message
   */
  public IssuedSession logInWithCode(
      String email,
      String code,
      Optional<String> otp,
      Optional<String> passkey,
      SessionOrigin origin) {
    return emailCodes.logIn(email, code, otp, passkey, origin);
  }

  /**
   * The request options of a passkey login for {@code purpose}: {@code login} (or none) as {@link
   * #passkeyLoginOptions(String)}, user verification required; {@code second_step}, the passkey
   * given after a password in place of a TOTP code, user verification preferred (a security key
   * without a PIN answers too). Both are the same anonymous challenge, with no credentials listed.
   *
   * @throws InvalidFieldException if {@code purpose} is another word
   * @throws TooManyAttemptsException if too many challenges are live for the address
   */
  public String passkeyLoginOptions(String clientAddress, Optional<String> purpose) {
    return passkeys.loginOptions(clientAddress, purpose);
  }
}
