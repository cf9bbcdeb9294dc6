package io.bienvenue.auth;

import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.UserVerificationRequirement;
import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.EmailNotVerifiedException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidPasskeyException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.UnknownPasskeyException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.PasskeyStore;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.StoredPasskey;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Passkeys (WebAuthn Level 3), verified by webauthn4j: registering one from a live session ({@link
 * PasskeyRegistrations}), the passwordless login, listing and removing them. The assertion checks
 * the passwordless login and the second step after a password share are {@link PasskeyAssertions};
 * the challenges and encodings every ceremony shares are {@link PasskeyCeremonies}. The options go
 * out, and the browser's answer comes in, in WebAuthn's JSON forms ({@code
 * parseCreationOptionsFromJSON}, {@code credential.toJSON()}). Thread-safe.
 */
public final class Passkeys {

  /**
   * How a passwordless login with user verification was authenticated (RFC 8176): a key held in
   * hardware, unlocked by the user, which is multi-factor.
   */
  private static final List<String> PASSKEY_WITH_VERIFICATION = List.of("hwk", "user", "mfa");

  /** The {@code purpose} of options for a passwordless login. */
  private static final String LOGIN = "login";

  /** The {@code purpose} of options for the second step after a password. */
  private static final String SECOND_STEP = "second_step";

  private final PasskeyStore passkeys;
  private final UserStore users;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final Notices notices;
  private final LoginThrottle throttle;
  private final SessionKeeper sessionKeeper;
  private final EmailVerification verification;
  private final AuthEvents events;
  private final PasskeyCeremonies ceremonies;
  private final PasskeyAssertions assertions;
  private final PasskeyRegistrations registrations;

  /**
   * Creates the flow over the stores of one database.
   *
   * @param party the relying party, asked when needed: in development its port is known only once
   *     the service listens
   */
  public Passkeys(
      Stores stores,
      WebhookEvents webhookEvents,
      Tokens tokens,
      PasswordConfirmation confirmation,
      LoginThrottle throttle,
      SessionKeeper sessionKeeper,
      Notices notices,
      AuthSettings settings,
      AuthEvents events,
      Supplier<PasskeyRelyingParty> party,
      Clock clock) {
    this.passkeys = stores.passkeys();
    this.users = stores.users();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.notices = Objects.requireNonNull(notices, "notices");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.sessionKeeper = Objects.requireNonNull(sessionKeeper, "sessionKeeper");
    this.verification = settings.verification();
    this.events = Objects.requireNonNull(events, "events");
    this.ceremonies = new PasskeyCeremonies(stores.challenges(), tokens, party, clock);
    this.assertions = new PasskeyAssertions(ceremonies, passkeys);
    this.registrations =
        new PasskeyRegistrations(
            ceremonies, passkeys, transactor, webhookEvents, tokens, confirmation, notices);
  }

  /** The assertion checks, for the second step after a password. */
  PasskeyAssertions assertions() {
    return assertions;
  }

  /**
   * The creation options for a new passkey of {@code caller}'s user, as JSON ({@link
   * PasskeyRegistrations#options}).
   *
   * @throws TooManyAttemptsException if the user, the address or the table holds too many
   *     challenges
   */
  String registrationOptions(SessionAndUser caller, String clientAddress) {
    return registrations.options(caller, clientAddress);
  }

  /**
   * Verifies and stores a new passkey of {@code caller}'s user ({@link
   * PasskeyRegistrations#register}).
   *
   * @throws InvalidFieldException if the name or the credential is refused, for any reason
   * @throws WrongPasswordException if a password is needed and is wrong or missing
   */
  PasskeySummary register(
      SessionAndUser caller,
      String credentialJson,
      String name,
      Optional<String> password,
      String clientAddress) {
    return registrations.register(caller, credentialJson, name, password, clientAddress);
  }

  /**
   * The request options of a passwordless login, as JSON: a fresh challenge of no user, asked for
   * from {@code clientAddress}, an empty {@code allowCredentials} (the browser offers its
   * discoverable passkeys) and user verification required.
   *
   * @throws TooManyAttemptsException if the address or the table holds too many challenges
   */
  String loginOptions(String clientAddress) {
    return ceremonies.requestOptions(clientAddress, UserVerificationRequirement.REQUIRED);
  }

  /**
   * The request options of a login for {@code purpose}, as {@link Auth#passkeyLoginOptions(String,
   * Optional)} says: {@code login} (the default) requires user verification, {@code second_step}
   * prefers it.
   *
   * @throws InvalidFieldException if {@code purpose} is neither
   * @throws TooManyAttemptsException if the address or the table holds too many challenges
   */
  String loginOptions(String clientAddress, Optional<String> purpose) {
    String asked = purpose.orElse(LOGIN);
    if (asked.equals(LOGIN)) {
      return loginOptions(clientAddress);
    }
    if (asked.equals(SECOND_STEP)) {
      return ceremonies.requestOptions(clientAddress, UserVerificationRequirement.PREFERRED);
    }
    throw new InvalidFieldException("purpose", "purpose must be login or second_step");
  }

  /**
   * Logs in with {@code credentialJson}, the browser's {@code AuthenticationResponseJSON}, from
   * {@code origin}: the credential must be a stored one, its {@code userHandle} its owner's user
   * id, the challenge a live login challenge (used up by this), the origin and relying party the
   * service's, user presence and verification set, the signature right, and a counter that grows
   * where the authenticator keeps one (recorded by compare-and-set). Every failure is the same
   * {@link InvalidPasskeyException}, and counts toward the throttle of the origin's address (and of
   * the credential id the answer claims). A passkey with user verification is multi-factor: no TOTP
   * code is asked for.
   *
   * @throws InvalidPasskeyException for any refused answer
   * @throws TooManyAttemptsException if too many logins failed recently from this address
   * @throws EmailNotVerifiedException if verification is required and the email is not verified
   * @throws AccountDisabledException if an operator disabled the user
   */
  PasskeyLogin logIn(String credentialJson, SessionOrigin origin) {
    String clientAddress = origin.clientIp().orElse("");
    AuthenticationData data = assertions.parse(credentialJson);
    String credentialId = PasskeyAssertions.credentialId(data);
    LoginThrottle.Attempt attempt;
    try {
      attempt = throttle.begin("passkey\n" + credentialId, clientAddress);
    } catch (TooManyAttemptsException e) {
      events.loginThrottled();
      throw e;
    }
    try (attempt) {
      Optional<StoredPasskey> stored = assertions.claimed(data);
      Optional<User> owner = stored.flatMap(p -> users.findById(p.userId()));
      if (owner.isEmpty() || !assertions.verifies(data, stored.get(), owner.get(), true)) {
        events.loginFailed(owner.map(u -> OptionalLong.of(u.id())).orElse(OptionalLong.empty()));
        throw new InvalidPasskeyException();
      }
      User user = owner.get();
      if (verification.required() && !user.emailVerified()) {
        attempt.withdraw();
        events.loginUnverified(user.id());
        throw new EmailNotVerifiedException();
      }
      attempt.succeeded();
      if (user.disabled()) {
        events.loginDisabled(user.id());
        throw new AccountDisabledException();
      }
      IssuedSession session = sessionKeeper.start(user, origin, PASSKEY_WITH_VERIFICATION);
      events.loggedIn(user.id());
      return new PasskeyLogin(user.email(), session);
    }
  }

  /** The passkeys of {@code user}, oldest first. */
  List<PasskeySummary> list(User user) {
    return passkeys.ofUser(user.id()).stream().map(Passkeys::summary).toList();
  }

  /**
   * Removes the passkey {@code id} of {@code caller}'s user, who confirms with {@code password} or
   * needs none within {@link PasskeyRegistrations#FRESH_LOGIN} of logging in; a notice goes to the
   * user's address, and the {@code user.passkey_removed} event is written in the same transaction.
   *
   * @throws WrongPasswordException if a password is needed and is wrong or missing
   * @throws UnknownPasskeyException if that user has no passkey of that id
   */
  void remove(SessionAndUser caller, String id, Optional<String> password, String clientAddress) {
    registrations.requireFreshOrPassword(caller, password, clientAddress);
    transactor.inTransaction(
        () -> {
          if (!delete(passkeys, webhookEvents, caller.user(), id)) {
            throw new UnknownPasskeyException();
          }
          notices.queue(Notice.PASSKEY_REMOVED, caller.user());
          return null;
        });
  }

  /** What {@code passkey}'s owner (or the operator) is shown of it: never its key material. */
  static PasskeySummary summary(StoredPasskey passkey) {
    return new PasskeySummary(
        passkey.id(), passkey.name(), passkey.createdAt(), passkey.lastUsedAt());
  }

  /**
   * Deletes the passkey {@code id} of {@code user} and writes the {@code user.passkey_removed}
   * event, in the transaction open on this thread: the one way the user and the operator remove
   * one.
   *
   * @return whether {@code user} had that passkey
   */
  static boolean delete(PasskeyStore store, WebhookEvents webhookEvents, User user, String id) {
    Optional<StoredPasskey> found =
        store.ofUser(user.id()).stream().filter(passkey -> passkey.id().equals(id)).findFirst();
    if (found.isEmpty() || !store.delete(user.id(), id)) {
      return false;
    }
    webhookEvents.record(WebhookEvent.USER_PASSKEY_REMOVED, user, eventData(found.get()));
    return true;
  }

  /** What the passkey events tell of {@code passkey}: its public id and its name. */
  static Map<String, String> eventData(StoredPasskey passkey) {
    return Map.of("passkey_id", passkey.id(), "name", passkey.name());
  }
}
