package io.bienvenue.auth;

import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.EmailNotVerifiedException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidOneTimeCodeException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.InvalidVerificationTokenException;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.TwoFactorStateException;
import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.failure.UnknownSessionException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.twofactor.TotpConfirmation;
import io.bienvenue.auth.twofactor.TotpEnrolment;
import io.bienvenue.auth.twofactor.TwoFactorStatus;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.time.Duration;
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
 */
public final class Auth {

  private final Registration registration;
  private final Login login;
  private final SessionKeeper sessionKeeper;
  private final AccountChanges accountChanges;
  private final PasswordReset reset;
  private final EmailVerifications verifications;
  private final TwoFactor twoFactor;

  /** The outbox kind of a password-reset mail: the token is issued when the mail is sent. */
  public static final String PASSWORD_RESET_MAIL = "password_reset";

  /** The outbox kind of the notice that a user changed their password: {@link Notice}'s. */
  public static final String PASSWORD_CHANGED_MAIL = Notice.PASSWORD_CHANGED.kind();

  /**
   * The client address of a registration made on the command line by an operator, as it is counted
   * in the mail limits.
   */
  public static final String COMMAND_LINE = "command-line";

  /** The outbox kind of a verification link: the token is issued when the mail is sent. */
  public static final String EMAIL_VERIFICATION_MAIL = "email_verification";

  /**
   * Creates the service from the flows it hands each call to; the composition root builds them.
   *
   * @param registration new accounts
   * @param login logins, with and without a session
   * @param sessionKeeper live sessions, their ends and their timeouts
   * @param accountChanges a signed-in user's password change and account deletion
   * @param reset the password reset
   * @param verifications email verification
   * @param twoFactor the second factor
   */
  public Auth(
      Registration registration,
      Login login,
      SessionKeeper sessionKeeper,
      AccountChanges accountChanges,
      PasswordReset reset,
      EmailVerifications verifications,
      TwoFactor twoFactor) {
    this.registration = Objects.requireNonNull(registration, "registration");
    this.login = Objects.requireNonNull(login, "login");
    this.sessionKeeper = Objects.requireNonNull(sessionKeeper, "sessionKeeper");
    this.accountChanges = Objects.requireNonNull(accountChanges, "accountChanges");
    this.reset = Objects.requireNonNull(reset, "reset");
    this.verifications = Objects.requireNonNull(verifications, "verifications");
    this.twoFactor = Objects.requireNonNull(twoFactor, "twoFactor");
  }

  /**
   * Registers a new user as {@link #registerUser(String, String, String)} does, asked for by an
   * operator on the command line ({@link #COMMAND_LINE}).
   */
  public User registerUser(String email, String password) {
    return registerUser(email, password, COMMAND_LINE);
  }

  /**
   * Registers a new user with a hash of {@code password}, asked for from {@code clientAddress}.
   * Where email verification is required, the request first counts in the mail limits, like a
   * reset, whether or not the email is taken; refused there, no account is created and no mail
   * sent, and the answer is the same for a registered email. Then the user starts unverified and a
   * verification mail to the stored address is queued in the same transaction as the insert;
   * otherwise the email counts as verified at once.
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is refused by
   *     the mode's password policy
   * @throws TooManyAttemptsException if verification is required and too many mails were asked for
   *     this mailbox, from this address, or in all
   * @throws EmailAlreadyRegisteredException if the email (compared case-insensitively) is taken
   */
  public User registerUser(String email, String password, String clientAddress) {
    return registration.register(email, password, clientAddress);
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

  /**
   * Logs in from {@code clientAddress}, as {@link #logIn(String, String, Optional, SessionOrigin)}
   * does with no one-time code and no user agent.
   */
  public IssuedSession logIn(String email, String password, String clientAddress) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    return logIn(email, password, Optional.empty(), SessionOrigin.of(clientAddress, null));
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
   * Returns the user of the live session with {@code token}. A session is live until it has gone
   * unused for the idle timeout or reached its absolute lifetime; an ended one is deleted here.
   * Empty for a null, malformed, unknown or ended token, and for a disabled user.
   */
  public Optional<User> getUserFromSessionId(String token) {
    return sessionKeeper.liveWithUser(token).map(SessionAndUser::user).filter(u -> !u.disabled());
  }

  /**
   * Ends the live session with {@code token}, and only that one: the user's other sessions stay.
   *
   * @return whether there was such a live session
   */
  public boolean destroySession(String token) {
    return sessionKeeper.logOut(token);
  }

  /**
   * Lists the live sessions of the user of the live session {@code token}, newest first, marking
   * that one as current. Each is named by its public id, never its token.
   *
   * @throws NoSessionException if {@code token} is no live session
   */
  public List<ActiveSession> sessionsOf(String token) {
    return sessionKeeper.listOfUser(sessionKeeper.caller(token).session());
  }

  /**
   * Ends the session with public id {@code sessionId} of the user of the live session {@code
   * token}; it may be that very session.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws UnknownSessionException if that user has no session with that id: another user's
   *     session is unknown too, and stays
   */
  public void endSession(String token, String sessionId) {
    sessionKeeper.endOfUser(sessionKeeper.caller(token), sessionId);
  }

  /**
   * Changes the password of the user of the live session {@code token}, who confirms it with {@code
   * currentPassword}, from {@code clientAddress}. Every other session of the user ends and a
   * pending reset token is voided, in one transaction with the new hash; the session {@code token}
   * stays. In production a "your password was changed" mail is queued in the same transaction.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws InvalidFieldException if the new password is empty or refused by the mode's policy
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address: the current password is then not checked
   * @throws WrongPasswordException if the current password is wrong (it counts as a failed login)
   */
  public void changePassword(
      String token, String currentPassword, String newPassword, String clientAddress) {
    accountChanges.changePassword(
        sessionKeeper.caller(token), currentPassword, newPassword, clientAddress);
  }

  /**
   * Deletes the account of the user of the live session {@code token}, who confirms it with {@code
   * password}, from {@code clientAddress}: the user, every session of theirs, any pending reset
   * token, second factor and link mail for them, in one transaction, which also queues the notice
   * of the deletion in production. Notices already queued are still sent. The email can register
   * again.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if too many logins failed recently for this account or from
   *     this address: the password is then not checked
   * @throws WrongPasswordException if the password is wrong (it counts as a failed login)
   */
  public void deleteAccount(String token, String password, String clientAddress) {
    accountChanges.deleteAccount(sessionKeeper.caller(token), password, clientAddress);
  }

  /**
   * Tells whether the user of the live session {@code token} logs in with a second factor, and
   * whether an enrolment is pending.
   *
   * @throws NoSessionException if {@code token} is no live session
   */
  public TwoFactorStatus twoFactorStatus(String token) {
    return twoFactor.status(sessionKeeper.caller(token).user());
  }

  /**
   * Begins enrolling a TOTP second factor for the user of the live session {@code token}, who
   * confirms it with their {@code password} from {@code clientAddress} (a stolen session alone must
   * not set a factor that locks the owner out): a new secret, its {@code otpauth://} URI and QR
   * code, pending until {@link #confirmTotp} turns it on. A pending enrolment is replaced. A wrong
   * password counts as a failed login.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws WrongPasswordException if the password is wrong
   * @throws TwoFactorStateException if the user's second factor is already on
   */
  public TotpEnrolment startTotpEnrolment(String token, String password, String clientAddress) {
    return twoFactor.start(sessionKeeper.caller(token).user(), password, clientAddress);
  }

  /**
   * Turns on the pending second factor of the user of the live session {@code token}, with a code
   * from their authenticator app sent from {@code clientAddress}; ends the user's other sessions
   * and returns ten single-use recovery codes, shown this once: only their hashes are kept. From
   * then on, logins need a code. A wrong code counts as a failed login.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws TooManyAttemptsException if the account or address is throttled
   * @throws TwoFactorStateException if no enrolment is pending, or another replaced it meanwhile
   * @throws InvalidOneTimeCodeException if the code is wrong
   */
  public TotpConfirmation confirmTotp(String token, String code, String clientAddress) {
    return twoFactor.confirm(sessionKeeper.caller(token), code, clientAddress);
  }

  /**
   * Turns off the second factor of the user of the live session {@code token}, who confirms it with
   * their {@code password} and a fresh {@code code} (or an unused recovery code), from {@code
   * clientAddress}; ends the user's other sessions and returns how many. A wrong password or code
   * counts as a failed login, and a right password with a wrong code clears nothing.
   *
   * @throws NoSessionException if {@code token} is no live session
   * @throws InvalidFieldException if the password is empty
   * @throws TooManyAttemptsException if the account or address is throttled
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
   * Issues a reset token for the user with the email {@code recipient} names (compared
   * case-insensitively), as {@link #getResetPasswordToken} does, for the reset mail when it is
   * sent: the link goes to the user's stored email, never to {@code recipient}'s spelling.
   *
   * @return the token and the stored address, or empty if {@code recipient} is no valid address or
   *     no user's
   */
  public Optional<MailLink> issueResetLink(String recipient) {
    return reset.issueLink(recipient);
  }

  /**
   * Answers {@code POST /reset_password}. In development ({@link ResetDelivery#IN_RESPONSE}) this
   * is {@link #getResetPasswordToken}: the token is returned, and an unknown email is an error. In
   * production ({@link ResetDelivery#BY_EMAIL}) a reset mail is put in the outbox and nothing is
   * returned; known and unknown emails do the same work, one insert, so neither the answer nor its
   * timing tells whether the email is registered: one look-up and one insert. The mail is addressed
   * to the stored email of the user found, never to the caller's spelling, and its token is issued
   * when it is sent. Each mailed request, from {@code clientAddress}, counts toward the limits on
   * mail per mailbox, per address and in all, whether or not the email is registered.
   *
   * @return the token to show the client, in development only
   * @throws InvalidFieldException if the email is not a valid address
   * @throws UnknownEmailException in development, if no user has that email
   * @throws TooManyAttemptsException in production, if too many mails were asked for this mailbox,
   *     from this address, or in all
   */
  public Optional<String> requestPasswordReset(String email, String clientAddress) {
    return reset.request(email, clientAddress);
  }

  /** How long a reset token lives once issued. */
  public Duration resetTokenLifetime() {
    return reset.tokenLifetime();
  }

  /**
   * With a live reset token for {@code email}, sets the password to {@code newPassword}. In one
   * transaction it stores the new hash, voids the token, ends every session of the user and, in
   * production, queues the notice that the password was reset. Of two concurrent uses of one token,
   * exactly one succeeds.
   *
   * @throws InvalidFieldException if the email is not a valid address or the password is refused by
   *     the mode's password policy
   * @throws InvalidResetTokenException if the token is not that email's live reset token
   */
  public void updatePassword(String email, String resetToken, String newPassword) {
    reset.complete(email, resetToken, newPassword);
  }

  /**
   * Issues a verification token for the user with {@code email} whose email is not yet verified,
   * replacing any earlier one, and returns it; the database keeps only its hash, with an expiry.
   * The verification mail calls this when it is sent.
   *
   * @return the token, or empty if there is no such user or their email is already verified
   */
  public Optional<String> issueVerificationToken(String email) {
    return issueVerificationLink(email).map(MailLink::token);
  }

  /**
   * Issues a verification token as {@link #issueVerificationToken} does, for the verification mail
   * when it is sent, with the address it goes to: the user's stored email, never {@code
   * recipient}'s spelling.
   *
   * @return the token and the stored address, or empty if there is no such user or their email is
   *     already verified
   */
  public Optional<MailLink> issueVerificationLink(String recipient) {
    return verifications.issueLink(recipient);
  }

  /** How long a verification token lives once issued. */
  public Duration verificationTokenLifetime() {
    return verifications.tokenLifetime();
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
   * Answers {@code POST /verify_email/resend}: where the service sends mail, queues a mail that
   * carries a new verification link if, when it is sent, {@code email} belongs to a user who has
   * not verified it. Registered or not, verified or not, the request does the same work and gets
   * the same answer.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws TooManyAttemptsException if too many mails were asked for this mailbox, from {@code
   *     clientAddress}, or in all
   */
  public void requestVerificationLink(String email, String clientAddress) {
    verifications.requestLink(email, clientAddress);
  }
}
