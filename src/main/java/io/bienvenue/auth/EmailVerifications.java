package io.bienvenue.auth;

import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Proving that an email is its user's: the single-use token of the link mailed to them, issued when
 * the mail is sent and kept only as a hash with an expiry, and its use. Thread-safe.
 */
final class EmailVerifications {

  private final UserStore users;
  private final OutboxStore outbox;
  private final MailThrottle mailThrottle;
  private final Tokens tokens;
  private final AuthSettings settings;
  private final AuthEvents events;
  private final Clock clock;

  EmailVerifications(
      UserStore users,
      OutboxStore outbox,
      MailThrottle mailThrottle,
      Tokens tokens,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    this.users = Objects.requireNonNull(users, "users");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.mailThrottle = Objects.requireNonNull(mailThrottle, "mailThrottle");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Issues a verification token for {@code user}, replacing any earlier one, and returns it; the
   * database keeps only its hash, with an expiry. Empty if the user's email is already verified.
   */
  Optional<String> issueToken(User user) {
    if (user.emailVerified()) {
      return Optional.empty();
    }
    String token = tokens.newToken();
    Map<String, Object> changes = new HashMap<>();
    changes.put("verification_token", Tokens.hash(token));
    changes.put(
        "verification_token_expires_at",
        clock.instant().plus(settings.verification().tokenLifetime()));
    // Only while still unverified: a verification racing with this mail wins, and no token is left.
    Map<String, Object> unverified = new HashMap<>();
    unverified.put("email_verified_at", null);
    if (!users.updateUserIf(user.id(), unverified, changes)) {
      return Optional.empty();
    }
    return Optional.of(token);
  }

  /**
   * Verifies the email of {@code user} with {@code token}, its live verification token, and voids
   * the token, in one compare-and-set: of two concurrent uses of one token, exactly one succeeds.
   *
   * @throws InvalidVerificationTokenException if there is no such user, or the token is not its
   *     live verification token
   */
  void verify(Optional<User> user, String token) {
    if (user.isEmpty() || !Tokens.isWellFormed(token)) {
      throw new InvalidVerificationTokenException();
    }
    String tokenHash = Tokens.hash(token);
    Instant now = clock.instant();
    User found = user.get();
    if (!Tokens.isLive(
        found.verificationToken(), found.verificationTokenExpiresAt(), tokenHash, now)) {
      throw new InvalidVerificationTokenException();
    }
    if (!users.updateUserIf(found.id(), Map.of("verification_token", tokenHash), verifiedAt(now))) {
      throw new InvalidVerificationTokenException();
    }
    events.emailVerified(found.id());
  }

  /** The user attributes that verify an email at {@code at}: the time, and no pending token. */
  static Map<String, Object> verifiedAt(Instant at) {
    Map<String, Object> verified = new HashMap<>();
    verified.put("email_verified_at", at);
    verified.put("verification_token", null);
    verified.put("verification_token_expires_at", null);
    return verified;
  }

  /**
   * Queues a mail with a new verification link to {@code email}, asked for from {@code
   * clientAddress}, where the service sends mail; does nothing otherwise. Known, unknown and
   * verified emails do the same work, one counted request and one insert: whether a link goes out
   * is decided when the mail is sent.
   *
   * @throws TooManyAttemptsException if too many mails were asked for this email or from this
   *     address
   */
  void requestLink(String account, String email, String clientAddress) {
    if (!settings.sendsMail()) {
      return;
    }
    mailThrottle.admit(account, clientAddress);
    outbox.enqueue(Auth.EMAIL_VERIFICATION_MAIL, email, clock.instant());
  }
}
