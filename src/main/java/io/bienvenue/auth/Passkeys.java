package io.bienvenue.auth;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.EmailNotVerifiedException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidPasskeyException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.UnknownPasskeyException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ChallengeStore;
import io.bienvenue.store.ChallengeStore.Caps;
import io.bienvenue.store.ChallengeStore.Purpose;
import io.bienvenue.store.PasskeyStore;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.StoredPasskey;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Passkeys (WebAuthn Level 3), verified by webauthn4j: registering one from a live session, listing
 * and removing them. The creation options go out, and the browser's answer comes in, in WebAuthn's
 * JSON forms ({@code parseCreationOptionsFromJSON}, {@code credential.toJSON()}). Challenges are
 * kept in the database ({@link ChallengeStore}), so any instance may take the answer, and each
 * works once. Thread-safe.
 */
public final class Passkeys {

  /** How long a challenge lives, and the timeout the options give the browser. */
  static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

  /** How recent a login must be to add or remove a passkey without typing the password. */
  static final Duration FRESH_LOGIN = Duration.ofMinutes(5);

  /** How many passkeys one user may hold. */
  static final int MAX_PER_USER = 20;

  /** How many live challenges a user, a client address and the table may hold. */
  static final Caps CHALLENGE_CAPS = new Caps(5, 20, 10_000);

  /** The longest name a passkey may have, in characters. */
  static final int MAX_NAME_LENGTH = 64;

  /** The longest answer accepted from a browser, in characters: far above any real one. */
  static final int MAX_CREDENTIAL_LENGTH = 16 * 1024;

  private static final int CHALLENGE_BYTES = 32;

  /** ES256 first (every authenticator), then EdDSA and RS256 (Windows Hello). */
  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder FROM_BASE64URL = Base64.getUrlDecoder();

  /**
   * How a passwordless login with user verification was authenticated (RFC 8176): a key held in
   * hardware, unlocked by the user, which is multi-factor.
   */
  private static final List<String> PASSKEY_WITH_VERIFICATION = List.of("hwk", "user", "mfa");

  private final PasskeyStore passkeys;
  private final ChallengeStore challenges;
  private final UserStore users;
  private final Transactor transactor;
  private final Notices notices;
  private final Tokens tokens;
  private final PasswordConfirmation confirmation;
  private final LoginThrottle throttle;
  private final SessionKeeper sessionKeeper;
  private final EmailVerification verification;
  private final AuthEvents events;
  private final Supplier<PasskeyRelyingParty> party;
  private final Clock clock;
  private final ObjectConverter converter = new ObjectConverter();
  private final AttestedCredentialDataConverter credentialData =
      new AttestedCredentialDataConverter(converter);

  /**
   * The attestation the options ask for is {@code none}: no statement is trusted or required, so
   * the non-strict manager, which accepts any format without a trust decision, is the right one.
   */
  private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);

  /**
   * Creates the flow over the stores of one database.
   *
   * @param party the relying party, asked when needed: in development its port is known only once
   *     the service listens
   */
  public Passkeys(
      Stores stores,
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
    this.challenges = stores.challenges();
    this.users = stores.users();
    this.transactor = stores.transactor();
    this.notices = Objects.requireNonNull(notices, "notices");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.sessionKeeper = Objects.requireNonNull(sessionKeeper, "sessionKeeper");
    this.verification = settings.verification();
    this.events = Objects.requireNonNull(events, "events");
    this.party = Objects.requireNonNull(party, "party");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The creation options for a new passkey of {@code caller}'s user, as JSON: a fresh challenge
   * stored for that user, the user's stable id as {@code user.id}, a discoverable credential, user
   * verification preferred, no attestation, and the user's passkeys excluded.
   *
   * @throws TooManyAttemptsException if the user, the address or the table holds too many
   *     challenges
   */
  String registrationOptions(SessionAndUser caller, String clientAddress) {
    User user = caller.user();
    PasskeyRelyingParty rp = party.get();
    byte[] challenge = issue(Purpose.REGISTRATION, OptionalLong.of(user.id()), clientAddress);
    List<PublicKeyCredentialDescriptor> exclude =
        passkeys.ofUser(user.id()).stream()
            .map(
                p ->
                    new PublicKeyCredentialDescriptor(
                        PublicKeyCredentialType.PUBLIC_KEY,
                        FROM_BASE64URL.decode(p.credentialId()),
                        transports(p.transports())))
            .toList();
    PublicKeyCredentialCreationOptions options =
        new PublicKeyCredentialCreationOptions(
            new PublicKeyCredentialRpEntity(rp.rpId(), "Bienvenue"),
            new PublicKeyCredentialUserEntity(userHandle(user), user.email(), user.email()),
            new DefaultChallenge(challenge),
            ALGORITHMS,
            CHALLENGE_LIFETIME.toMillis(),
            exclude,
            new AuthenticatorSelectionCriteria(
                null, true, ResidentKeyRequirement.REQUIRED, UserVerificationRequirement.PREFERRED),
            AttestationConveyancePreference.NONE,
            null);
    return converter.getJsonMapper().writeValueAsString(options);
  }

  /**
   * Verifies {@code credentialJson}, the browser's {@code RegistrationResponseJSON}, against a live
   * registration challenge of {@code caller}'s user (used up by this), the relying party's origin
   * exactly and its id's hash, with user presence; refuses {@code crossOrigin: true}; and stores
   * the passkey as {@code name}. The user confirms with {@code password}, or needs none within
   * {@link #FRESH_LOGIN} of logging in.
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
    String label = requireName(name);
    requireCredentialSize(credentialJson);
    requireFreshOrPassword(caller, password, clientAddress);
    User user = caller.user();
    PasskeyRelyingParty rp = party.get();
    RegistrationData data;
    try {
      data = manager.parseRegistrationResponseJSON(credentialJson);
    } catch (RuntimeException e) {
      // Parsing touches nothing but the input: whatever fails in it (a DataConversionException,
      // or a buffer underflow in truncated CBOR) is a refused answer, never a 500.
      throw refused();
    }
    CollectedClientData client = data.getCollectedClientData();
    if (client == null
        || data.getAttestationObject() == null
        || client.getChallenge() == null
        || Boolean.TRUE.equals(client.getCrossOrigin())) {
      throw refused();
    }
    String challenge = BASE64URL.encodeToString(client.getChallenge().getValue());
    if (!challenges.consume(
        challenge, Purpose.REGISTRATION, OptionalLong.of(user.id()), clock.instant())) {
      throw refused();
    }
    ServerProperty server = server(rp, client);
    try {
      manager.verify(data, new RegistrationParameters(server, ALGORITHMS, false, true));
    } catch (VerificationException | IllegalArgumentException | IllegalStateException e) {
      throw refused();
    }
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticator =
        data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData attested = authenticator.getAttestedCredentialData();
    if (attested == null) {
      throw refused();
    }
    Instant now = clock.instant();
    StoredPasskey passkey =
        new StoredPasskey(
            tokens.newId(),
            user.id(),
            BASE64URL.encodeToString(attested.getCredentialId()),
            BASE64URL.encodeToString(credentialData.convert(attested)),
            authenticator.getSignCount(),
            authenticator.isFlagUV(),
            authenticator.isFlagBE(),
            authenticator.isFlagBS(),
            data.getTransports() == null
                ? List.of()
                : data.getTransports().stream()
                    .map(AuthenticatorTransport::getValue)
                    .sorted()
                    .toList(),
            label,
            now,
            Optional.empty());
    transactor.inTransaction(
        () -> {
          if (!passkeys.add(passkey, MAX_PER_USER)) {
            throw refused();
          }
          notices.queue(Notice.PASSKEY_ADDED, user);
          return null;
        });
    return summary(passkey);
  }

  /**
   * The request options of a passwordless login, as JSON: a fresh challenge of no user, asked for
   * from {@code clientAddress}, an empty {@code allowCredentials} (the browser offers its
   * discoverable passkeys) and user verification required.
   *
   * @throws TooManyAttemptsException if the address or the table holds too many challenges
   */
  String loginOptions(String clientAddress) {
    byte[] challenge = issue(Purpose.AUTHENTICATION, OptionalLong.empty(), clientAddress);
    PublicKeyCredentialRequestOptions options =
        new PublicKeyCredentialRequestOptions(
            new DefaultChallenge(challenge),
            CHALLENGE_LIFETIME.toMillis(),
            party.get().rpId(),
            List.of(),
            UserVerificationRequirement.REQUIRED,
            null);
    return converter.getJsonMapper().writeValueAsString(options);
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
    AuthenticationData data = parseAssertion(credentialJson);
    String credentialId =
        data == null || data.getCredentialId() == null
            ? ""
            : BASE64URL.encodeToString(data.getCredentialId());
    LoginThrottle.Attempt attempt;
    try {
      attempt = throttle.begin("passkey\n" + credentialId, clientAddress);
    } catch (TooManyAttemptsException e) {
      events.loginThrottled();
      throw e;
    }
    try (attempt) {
      Optional<StoredPasskey> stored =
          data == null ? Optional.empty() : passkeys.findByCredentialId(credentialId);
      Optional<User> owner = stored.flatMap(p -> users.findById(p.userId()));
      if (owner.isEmpty() || !verifies(data, stored.get(), owner.get())) {
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
      IssuedSession session = sessionKeeper.start(user.id(), origin, PASSKEY_WITH_VERIFICATION);
      events.loggedIn(user.id());
      return new PasskeyLogin(user.email(), session);
    }
  }

  /** The parsed answer, or null if it is no answer at all: too long, or not one to parse. */
  private AuthenticationData parseAssertion(String credentialJson) {
    if (credentialJson == null
        || credentialJson.isEmpty()
        || credentialJson.length() > MAX_CREDENTIAL_LENGTH) {
      return null;
    }
    try {
      return manager.parseAuthenticationResponseJSON(credentialJson);
    } catch (RuntimeException e) {
      // As for a registration: parsing touches nothing but the input.
      return null;
    }
  }

  /**
   * Tells whether {@code data} is a valid assertion of {@code stored}, owned by {@code owner}, and
   * records its use; false at the first check that fails.
   */
  private boolean verifies(AuthenticationData data, StoredPasskey stored, User owner) {
    // webauthn4j leaves the user handle to the caller (SPEC §6): it must name the owner.
    if (data.getUserHandle() == null || !Arrays.equals(data.getUserHandle(), userHandle(owner))) {
      return false;
    }
    CollectedClientData client = data.getCollectedClientData();
    AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> authenticator =
        data.getAuthenticatorData();
    if (client == null
        || authenticator == null
        || client.getChallenge() == null
        || Boolean.TRUE.equals(client.getCrossOrigin())) {
      return false;
    }
    String challenge = BASE64URL.encodeToString(client.getChallenge().getValue());
    if (!challenges.consume(
        challenge, Purpose.AUTHENTICATION, OptionalLong.empty(), clock.instant())) {
      return false;
    }
    CredentialRecordImpl record;
    try {
      record =
          new CredentialRecordImpl(
              null,
              stored.uvInitialized(),
              stored.backupEligible(),
              stored.backupState(),
              stored.signCount(),
              credentialData.convert(FROM_BASE64URL.decode(stored.publicKey())),
              null,
              null,
              null,
              transports(stored.transports()));
      manager.verify(
          data,
          new AuthenticationParameters(server(party.get(), client), record, null, true, true));
    } catch (VerificationException | IllegalArgumentException | IllegalStateException e) {
      return false;
    }
    long seen = stored.signCount();
    long now = authenticator.getSignCount();
    if ((seen != 0 || now != 0) && now <= seen) {
      // A counter that did not grow: a cloned authenticator, or a replayed assertion. The caller
      // audits it as a failed login of the owner.
      return false;
    }
    return passkeys.recordUse(stored.id(), seen, now, authenticator.isFlagBS(), clock.instant());
  }

  /** The passkeys of {@code user}, oldest first. */
  List<PasskeySummary> list(User user) {
    return passkeys.ofUser(user.id()).stream().map(Passkeys::summary).toList();
  }

  /**
   * Removes the passkey {@code id} of {@code caller}'s user, who confirms with {@code password} or
   * needs none within {@link #FRESH_LOGIN} of logging in; a notice goes to the user's address.
   *
   * @throws WrongPasswordException if a password is needed and is wrong or missing
   * @throws UnknownPasskeyException if that user has no passkey of that id
   */
  void remove(SessionAndUser caller, String id, Optional<String> password, String clientAddress) {
    requireFreshOrPassword(caller, password, clientAddress);
    transactor.inTransaction(
        () -> {
          if (!passkeys.delete(caller.user().id(), id)) {
            throw new UnknownPasskeyException();
          }
          notices.queue(Notice.PASSKEY_REMOVED, caller.user());
          return null;
        });
  }

  /** The WebAuthn user handle of {@code user}: the bytes of its public id, which never changes. */
  static byte[] userHandle(User user) {
    return user.publicId().getBytes(StandardCharsets.UTF_8);
  }

  /** Stores a fresh challenge for {@code purpose} and returns it. */
  private byte[] issue(Purpose purpose, OptionalLong userId, String clientAddress) {
    byte[] challenge = tokens.randomBytes(CHALLENGE_BYTES);
    Instant now = clock.instant();
    if (!challenges.issue(
        BASE64URL.encodeToString(challenge),
        purpose,
        userId,
        clientAddress,
        now.plus(CHALLENGE_LIFETIME),
        now,
        CHALLENGE_CAPS)) {
      throw new TooManyAttemptsException("passkey requests", CHALLENGE_LIFETIME);
    }
    return challenge;
  }

  /** What the answer must match: the one origin, the relying party id, the challenge it names. */
  private static ServerProperty server(PasskeyRelyingParty rp, CollectedClientData client) {
    return ServerProperty.builder()
        .origin(new Origin(rp.origin()))
        .rpId(rp.rpId())
        .challenge(client.getChallenge())
        .build();
  }

  private void requireFreshOrPassword(
      SessionAndUser caller, Optional<String> password, String clientAddress) {
    if (password.isPresent()) {
      confirmation.require(caller.user(), password.get(), clientAddress);
      return;
    }
    Instant loggedIn = caller.session().createdAt();
    if (loggedIn.plus(FRESH_LOGIN).isBefore(clock.instant())) {
      throw new WrongPasswordException();
    }
  }

  private static String requireName(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()
        || trimmed.length() > MAX_NAME_LENGTH
        || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidFieldException(
          "name", "name must be 1 to " + MAX_NAME_LENGTH + " characters, no control characters");
    }
    return trimmed;
  }

  private static void requireCredentialSize(String credentialJson) {
    if (credentialJson == null
        || credentialJson.isEmpty()
        || credentialJson.length() > MAX_CREDENTIAL_LENGTH) {
      throw refused();
    }
  }

  private static InvalidFieldException refused() {
    return new InvalidFieldException("credential", "passkey not accepted");
  }

  private static Set<AuthenticatorTransport> transports(List<String> names) {
    return names.stream()
        .map(AuthenticatorTransport::create)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** What {@code passkey}'s owner (or the operator) is shown of it: never its key material. */
  static PasskeySummary summary(StoredPasskey passkey) {
    return new PasskeySummary(
        passkey.id(), passkey.name(), passkey.createdAt(), passkey.lastUsedAt());
  }
}
