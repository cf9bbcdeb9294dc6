package io.bienvenue.auth;

import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidLoginCodeException;
import io.bienvenue.auth.failure.LoginCodesUnavailableException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.auth.throttle.MailThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.EmailCodeStore;
import io.bienvenue.store.StoredEmailCode;
import io.bienvenue.store.Stores;
import io.bienvenue.user.Email;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Login by a code sent by e-mail, behind {@link Auth}; every rule of the flow is here:
 *
 * <ul>
 *   <li>Only a service that sends mail offers it: the code is never in a response body, in any
 *       mode, so without mail it cannot be had ({@link LoginCodesUnavailableException}).
 *   <li>Asking for a code does the same work for every email, one counted request in the limits
 *       reset and verification mails share, one look-up and one outbox insert; the code is issued
 *       when the mail is sent, to a registered user who is not disabled, at their stored address.
 *   <li>A code is {@value #DIGITS} random digits, lives {@link #LIFETIME}, and is kept only as a
 *       keyed hash (HMAC-SHA256 under a key derived from the secrets key, which lives outside the
 *       database): a plain hash of a short code is reversed at once by whoever reads the table.
 *   <li>A new code voids the older one; a code works once (one compare-and-set); {@value
 *       #MAX_WRONG} wrong codes for an address within the mail limits' window void the live code
 *       and every code until the window ends, however many codes are asked for meanwhile.
 *   <li>Verifying is throttled as a password login is, with its counters; a wrong code counts.
 *   <li>The code is one factor: with two-step login on, the TOTP or recovery code is asked for as
 *       after a password, and the e-mail code is spent only once both are right.
 *   <li>A login by code to an unverified account verifies it, and, in the same transaction, drops
 *       the password set before verification (whoever set it never proved the address) and ends the
 *       account's other sessions and OAuth grants.
 * </ul>
 *
 * Thread-safe.
 */
public final class EmailCodes {

  /** How many digits a code has: 10^8 codes, with at most five guesses an hour at each address. */
  static final int DIGITS = 8;

  /** How long a code works once issued. */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  /** How many wrong codes for an address, in the mail limits' window, void every code. */
  static final int MAX_WRONG = 5;

  /** What the keyed hash is for: its key is derived from the secrets key and this name. */
  private static final String PURPOSE = "email-login-code";

  /** How a login by e-mail code was authenticated (RFC 8176: a one-time password). */
  private static final List<String> CODE = List.of("otp");

  /** How a login by e-mail code and a second factor's code was authenticated (RFC 8176). */
  private static final List<String> CODE_AND_SECOND_FACTOR = List.of("otp", "mfa");

  /** How a login by e-mail code and one of the user's passkeys was authenticated (RFC 8176). */
  private static final List<String> CODE_AND_PASSKEY = List.of("otp", "hwk", "mfa");

  private final Stores stores;
  private final EmailCodeStore codes;
  private final WebhookEvents webhookEvents;
  private final SecretBox box;
  private final Tokens tokens;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final MailThrottle mailThrottle;
  private final SecondStep secondStep;
  private final SessionKeeper sessionKeeper;
  private final AuthSettings settings;
  private final AuthEvents events;
  private final Clock clock;

  /** Creates the flow from the stores of one database, its collaborators and the mode's rules. */
  public EmailCodes(
      Stores stores,
      WebhookEvents webhookEvents,
      SecretBox box,
      Tokens tokens,
      PasswordHasher hasher,
      LoginThrottle throttle,
      MailThrottle mailThrottle,
      TwoFactor twoFactor,
      Passkeys passkeys,
      SessionKeeper sessionKeeper,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.codes = stores.emailCodes();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.box = Objects.requireNonNull(box, "box");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.mailThrottle = Objects.requireNonNull(mailThrottle, "mailThrottle");
    this.secondStep = new SecondStep(twoFactor, passkeys, events);
    this.sessionKeeper = Objects.requireNonNull(sessionKeeper, "sessionKeeper");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** As {@link Auth#requestLoginCode}. */
  void request(String email, String clientAddress, Optional<String> returnTo) {
    Fields.requireEmail(email);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(returnTo, "returnTo");
    requireMail();
    mailThrottle.admit(email, clientAddress);
    stores
        .outbox()
        .enqueue(
            MailLinks.EMAIL_CODE_MAIL,
            MailLinks.queuedAddress(stores.users(), email),
            returnTo,
            clock.instant());
  }

  /** As {@link MailLinks#loginCode}. */
  Optional<MailLink> issue(String recipient) {
    Objects.requireNonNull(recipient, "recipient");
    if (!Email.isValid(recipient)) {
      return Optional.empty();
    }
    return stores.users().findByEmail(recipient).filter(user -> !user.disabled()).map(this::issue);
  }

  private MailLink issue(User user) {
    long drawn = ByteBuffer.wrap(tokens.randomBytes(Long.BYTES)).getLong() & Long.MAX_VALUE;
    String code = String.format("%0" + DIGITS + "d", drawn % (long) Math.pow(10, DIGITS));
    String keyId = box.sealingKeyId();
    String hash = box.keyedHash(code, PURPOSE, keyId).orElseThrow();
    codes.replace(user.id(), hash, keyId, clock.instant().plus(LIFETIME));
    return new MailLink(user.email(), code);
  }

  /** As {@link Auth#logInWithCode}. */
  IssuedSession logIn(String email, String code, Optional<String> otp, SessionOrigin origin) {
    return logIn(email, code, otp, Optional.empty(), origin);
  }

  /**
   * As {@link Auth#logInWithCode}, with a passkey in place of the TOTP code ({@link SecondStep}).
   */
  IssuedSession logIn(
      String email,
      String code,
      Optional<String> otp,
      Optional<String> passkey,
      SessionOrigin origin) {
    Fields.requireEmail(email);
    if (code == null || code.isBlank()) {
      throw new InvalidFieldException("code", "is required");
    }
    SecondStep.requireAtMostOne(otp, passkey);
    Objects.requireNonNull(origin, "origin");
    requireMail();
    try (LoginThrottle.Attempt attempt = begin(Email.fold(email), origin.clientIp().orElse(""))) {
      Instant now = clock.instant();
      Optional<User> known = stores.users().findByEmail(email);
      Optional<String> hash = known.flatMap(user -> matchingHash(user, code, now));
      if (hash.isEmpty()) {
        known.ifPresent(user -> codes.countWrong(user.id(), now, windowOpenAfter(now)));
        events.loginFailed(known.map(u -> OptionalLong.of(u.id())).orElse(OptionalLong.empty()));
        throw new InvalidLoginCodeException();
      }
      User user = known.get();
      List<String> amr =
          switch (secondStep.check(user, otp, passkey, attempt)) {
            case NONE -> CODE;
            case CODE -> CODE_AND_SECOND_FACTOR;
            case PASSKEY -> CODE_AND_PASSKEY;
          };
      if (user.disabled()) {
        attempt.succeeded();
        events.loginDisabled(user.id());
        throw new AccountDisabledException();
      }
      IssuedSession session = start(user, hash.get(), origin, amr, now);
      attempt.succeeded();
      events.loggedIn(user.id());
      return session;
    }
  }

  /**
   * The keyed hash of {@code code} if it is the live, unexpired, not voided code of {@code user};
   * the hashes are compared in constant time.
   */
  private Optional<String> matchingHash(User user, String code, Instant now) {
    String typed = code.strip();
    if (typed.length() != DIGITS || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    Optional<StoredEmailCode> stored = codes.find(user.id());
    if (stored.isEmpty() || stored.get().codeHash().isEmpty() || isVoid(stored.get(), now)) {
      return Optional.empty();
    }
    return box.keyedHash(typed, PURPOSE, stored.get().keyId())
        .filter(
            hash ->
                MessageDigest.isEqual(
                    hash.getBytes(StandardCharsets.US_ASCII),
                    stored.get().codeHash().get().getBytes(StandardCharsets.US_ASCII)));
  }

  private boolean isVoid(StoredEmailCode stored, Instant now) {
    boolean locked =
        stored.wrongTries() >= MAX_WRONG
            && stored.wrongSince().map(since -> since.isAfter(windowOpenAfter(now))).orElse(false);
    return locked || !stored.expiresAt().isAfter(now);
  }

  /**
   * Spends the code and starts the session in one transaction, which first re-checks, and locks,
   * the user row (not disabled, the password and verification as read); an unverified account is
   * verified, its password dropped, and its other sessions and grants ended, and its {@code
   * user.email_verified} event written.
   *
   * @throws InvalidLoginCodeException if another request spent the code first, or the account
   *     changed meanwhile
   */
  private IssuedSession start(
      User user, String hash, SessionOrigin origin, List<String> amr, Instant now) {
    Map<String, Object> unchanged = new HashMap<>();
    unchanged.put("disabled_at", null);
    unchanged.put("hashed_password", user.hashedPassword());
    Map<String, Object> changes = new HashMap<>();
    boolean verifies = !user.emailVerified();
    if (verifies) {
      unchanged.put("email_verified_at", null);
      changes.putAll(EmailVerifications.verifiedAt(now));
      // Nobody knows this password: the one set before the address was proved is gone.
      changes.put("hashed_password", hasher.hash(tokens.newToken()));
    } else {
      changes.put("hashed_password", user.hashedPassword());
    }
    IssuedSession session =
        stores
            .transactor()
            .inTransaction(
                () -> {
                  if (!codes.use(user.id(), hash, now, MAX_WRONG, windowOpenAfter(now))
                      || !stores.users().updateUserIf(user.id(), unchanged, changes)) {
                    throw new InvalidLoginCodeException();
                  }
                  if (verifies) {
                    stores.sessions().deleteAllOfUser(user.id());
                    stores.grants().revokeGrantsOfUser(user.id(), now);
                    webhookEvents.record(
                        WebhookEvent.USER_EMAIL_VERIFIED, user, Map.of("how", "email_code"));
                  }
                  return sessionKeeper.start(user, origin, amr);
                });
    if (verifies) {
      events.emailVerified(user.id());
    }
    return session;
  }

  /** Wrong codes counted in a window that opened at or before this are forgotten. */
  private Instant windowOpenAfter(Instant now) {
    return now.minus(settings.mailLimits().window());
  }

  private void requireMail() {
    if (!settings.sendsMail()) {
      throw new LoginCodesUnavailableException();
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
}
