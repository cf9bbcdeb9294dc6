package io.bienvenue.auth;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.DuplicateEmailException;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.TotpStore;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.SecondFactor;
import io.bienvenue.user.User;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admin API does to users, each named by their stable public id (the {@code sub} apps know
 * them by): found, listed, created with a password or invited, and the operator's changes of {@link
 * UserAdmin}, which does the work. Thread-safe.
 */
public final class AdminUsers {

  /** The client address that the admin API's registrations count under in the mail limits. */
  public static final String ADMIN_API = "admin-api";

  /** The outbox kind of an invitation: a mail whose link sets the first password. */
  public static final String INVITATION_MAIL = "invitation";

  /**
   * A user invited.
   *
   * @param user the new user, who has no password they know until they follow the link
   * @param resetToken in development, where no mail is sent, the token that sets the password (as
   *     {@code POST /reset_password} returns one there); empty where the invitation was mailed
   */
  public record Invitation(ManagedUser user, Optional<String> resetToken) {

    /** Leaves the token out. */
    @Override
    public String toString() {
      return "Invitation[" + user.user() + "]";
    }
  }

  private final WebhookEvents webhookEvents;
  private final UserAdmin admin;
  private final Auth auth;
  private final MailLinks links;
  private final SessionKeeper sessions;
  private final UserStore users;
  private final TotpStore totp;
  private final OutboxStore outbox;
  private final Transactor transactor;
  private final Tokens tokens;
  private final PasswordHasher hasher;
  private final AuthSettings settings;
  private final AuthEvents events;
  private final Clock clock;

  /** Creates the admin API's view of the users of {@code stores}. */
  public AdminUsers(
      Stores stores,
      WebhookEvents webhookEvents,
      UserAdmin admin,
      Auth auth,
      MailLinks links,
      SessionKeeper sessions,
      Tokens tokens,
      PasswordHasher hasher,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    Objects.requireNonNull(stores, "stores");
    this.users = stores.users();
    this.totp = stores.totp();
    this.outbox = stores.outbox();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.links = Objects.requireNonNull(links, "links");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The operator's changes, by email, that the admin API makes once it has found the user. */
  public UserAdmin changes() {
    return admin;
  }

  /** The user whose public id is {@code publicId}, if there is one. */
  public Optional<ManagedUser> find(String publicId) {
    Objects.requireNonNull(publicId, "publicId");
    return users.findByPublicId(publicId).map(this::managed);
  }

  /**
   * One page of a listing.
   *
   * @param users the users on this page, in the order they registered
   * @param total how many users match the search in all
   */
  public record Page(List<ManagedUser> users, long total) {}

  /** Page {@code page} (from 1) of {@code size} users whose email contains {@code search}. */
  public Page list(String search, int page, int size) {
    UserAdmin.Page found = admin.list(search, page, size);
    return new Page(found.users().stream().map(this::managed).toList(), found.total());
  }

  /**
   * Registers a user with {@code password}, as a registration does ({@link Auth#registerUser}): the
   * same password policy and, where verification is required, a verification mail.
   *
   * @throws InvalidFieldException if the email is invalid or the policy refuses the password
   * @throws EmailAlreadyRegisteredException if the email is taken
   */
  public ManagedUser create(String email, String password) {
    return managed(auth.registerUser(email, password, ADMIN_API));
  }

  /**
   * Registers a user with a random password nobody knows and invites them to choose one: their
   * email counts as verified (the operator vouches for it, and only its mailbox can use the
   * account), and in production an invitation mail, whose link is a reset token issued when it is
   * sent ({@link MailLinks#invitationLink}), is queued in the same transaction as the insert. In
   * development no mail is sent: the reset token is returned instead, as {@code POST
   * /reset_password} returns one there.
   *
   * @throws InvalidFieldException if the email is invalid
   * @throws EmailAlreadyRegisteredException if the email is taken
   */
  public Invitation invite(String email) {
    Fields.requireEmail(email);
    String unknowable = hasher.hash(tokens.newToken());
    User user;
    try {
      user =
          transactor.inTransaction(
              () -> {
                User added = users.addUser(email, unknowable, true);
                if (settings.resetDelivery() == ResetDelivery.BY_EMAIL) {
                  outbox.enqueue(INVITATION_MAIL, added.email(), Optional.empty(), clock.instant());
                }
                webhookEvents.record(
                    WebhookEvent.USER_CREATED,
                    added,
                    Map.of("email_verified", true, "source", EmailVerifications.OPERATOR));
                return added;
              });
    } catch (DuplicateEmailException e) {
      throw new EmailAlreadyRegisteredException();
    }
    events.registered(user.id());
    Optional<String> token =
        settings.resetDelivery() == ResetDelivery.IN_RESPONSE
            ? links.invitationLink(user.email()).map(MailLink::token)
            : Optional.empty();
    return new Invitation(managed(user), token);
  }

  /** The live sessions of {@code user}, newest first; none is the caller's. */
  public List<ActiveSession> sessions(ManagedUser user) {
    return sessions.listOfUser(user.user().id());
  }

  /** {@code user} as the admin API shows it, read again: after a change. */
  public ManagedUser reread(ManagedUser user) {
    return users.findById(user.user().id()).map(this::managed).orElse(user);
  }

  private ManagedUser managed(User user) {
    return new ManagedUser(user, totp.find(user.id()).map(SecondFactor::on).orElse(false));
  }
}
