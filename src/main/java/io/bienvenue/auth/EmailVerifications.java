package io.bienvenue.auth;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidVerificationTokenException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.throttle.MailThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.DuplicateEmailException;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Proving that an email is its user's: the single-use token of the link mailed to them, issued when
 * the mail is sent and kept only as a hash with an expiry, and its use. Thread-safe.
 */
public final class EmailVerifications {

  /** The {@code source} of a {@code user.created} event for a user who registered themselves. */
  static final String REGISTRATION = "registration";

  /** The {@code source} of a {@code user.created} event for a user an operator added. */
  static final String OPERATOR = "operator";

  private final UserStore users;
  private final OutboxStore outbox;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final MailThrottle mailThrottle;
  private final Tokens tokens;
  private final AuthSettings settings;
  private final AuthEvents events;
  private final Clock clock;

  /** Creates the flow from its collaborators. */
  public EmailVerifications(
      Stores stores,
      WebhookEvents webhookEvents,
      MailThrottle mailThrottle,
      Tokens tokens,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    this.users = stores.users();
    this.outbox = stores.outbox();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.mailThrottle = Objects.requireNonNull(mailThrottle, "mailThrottle");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts a registration of {@code email} from {@code clientAddress} in the mail limits where it
   * sends a verification mail (verification is required); does nothing otherwise.
   *
   * @throws TooManyAttemptsException if too many mails were asked for this mailbox, from this
   *     address, or in all
   */
  void admitRegistration(String email, String clientAddress) {
    if (settings.verification().required()) {
      mailThrottle.admit(email, clientAddress);
    }
  }

  /**
   * Adds a user with {@code email} and {@code hashedPassword}: where verification is required,
   * unverified, with a verification mail to the stored address queued in the same transaction, its
   * link carrying {@code returnTo} if given; otherwise verified at once. The {@code user.created}
   * event, with {@code source} in its data, is written in the same transaction.
   *
   * @param source who added the user, for the event: {@link #REGISTRATION} or {@link #OPERATOR}
   * @throws DuplicateEmailException if the email is taken
   */
  User addUser(String email, String hashedPassword, Optional<String> returnTo, String source) {
    boolean verifying = settings.verification().required();
    return transactor.inTransaction(
        () -> {
          User added = users.addUser(email, hashedPassword, !verifying);
          if (verifying) {
            outbox.enqueue(
                MailLinks.EMAIL_VERIFICATION_MAIL, added.email(), returnTo, clock.instant());
          }
          webhookEvents.record(
              WebhookEvent.USER_CREATED,
              added,
              Map.of("email_verified", added.emailVerified(), "source", source));
          return added;
        });
  }

  /**
   * Issues a verification token for the user with {@code email}, as {@link #issueToken(User)} does,
   * with the user's stored email to send it to. Empty if {@code email} is not a valid address, or
   * no user's.
   */
  Optional<MailLink> issueLink(String email) {
    if (email == null || !Email.isValid(email)) {
      return Optional.empty();
    }
    return users
        .findByEmail(email)
        .flatMap(user -> issueToken(user).map(token -> new MailLink(user.email(), token)));
  }

  /** How long a verification token lives once issued. */
  Duration tokenLifetime() {
    return settings.verification().tokenLifetime();
  }

  /**
   * Issues a verification token for {@code user}, replacing any earlier one, and returns it; the
   * database keeps only its hash, with an expiry. Empty if the user's email is already verified.
   */
  private Optional<String> issueToken(User user) {
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
   * Verifies {@code email} with {@code token}, its user's live verification token, and voids the
   * token, in one compare-and-set: of two concurrent uses of one token, exactly one succeeds. The
   * {@code user.email_verified} event is written in the same transaction.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws InvalidVerificationTokenException if there is no such user, or the token is not its
   *     live verification token
   */
  void verify(String email, String token) {
    Fields.requireEmail(email);
    Optional<User> user = users.findByEmail(email);
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
    transactor.inTransaction(
        () -> {
          if (!users.updateUserIf(
              found.id(), Map.of("verification_token", tokenHash), verifiedAt(now))) {
            throw new InvalidVerificationTokenException();
          }
          webhookEvents.record(WebhookEvent.USER_EMAIL_VERIFIED, found, Map.of("how", "link"));
          return null;
        });
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
   * Queues a mail with a new verification link to the stored address of {@code email}, asked for
   * from {@code clientAddress}, where the service sends mail; does nothing otherwise. The link
   * carries {@code returnTo}, an address the caller has checked against the allow-list, if given.
   * Known, unknown and verified emails do the same work, one counted request, one look-up and one
   * insert: whether a link goes out is decided when the mail is sent.
   *
   * @throws InvalidFieldException if the email is not a valid address
   * @throws TooManyAttemptsException if too many mails were asked for this mailbox, from this
   *     address, or in all
   */
  void requestLink(String email, String clientAddress, Optional<String> returnTo) {
    Fields.requireEmail(email);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(returnTo, "returnTo");
    if (!settings.sendsMail()) {
      return;
    }
    mailThrottle.admit(email, clientAddress);
    outbox.enqueue(
        MailLinks.EMAIL_VERIFICATION_MAIL,
        MailLinks.queuedAddress(users, email),
        returnTo,
        clock.instant());
  }
}
