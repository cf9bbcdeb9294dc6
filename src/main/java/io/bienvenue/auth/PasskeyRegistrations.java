package io.bienvenue.auth;

import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
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
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.verifier.exception.VerificationException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ChallengeStore.Purpose;
import io.bienvenue.store.PasskeyStore;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.StoredPasskey;
import io.bienvenue.store.Transactor;
import io.bienvenue.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Registering a passkey from a live session: the creation options out, the browser's {@code
 * RegistrationResponseJSON} in, verified by webauthn4j, and the public key stored. Adding (and
 * removing) one takes the password, or a login younger than {@link #FRESH_LOGIN}. Thread-safe.
 */
final class PasskeyRegistrations {

  /** How recent a login must be to add or remove a passkey without typing the password. */
  static final Duration FRESH_LOGIN = Duration.ofMinutes(5);

  /** How many passkeys one user may hold. */
  static final int MAX_PER_USER = 20;

  /** The longest name a passkey may have, in characters. */
  static final int MAX_NAME_LENGTH = 64;

  /** ES256 first (every authenticator), then EdDSA and RS256 (Windows Hello). */
  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  private final PasskeyCeremonies ceremonies;
  private final PasskeyStore passkeys;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final Tokens tokens;
  private final PasswordConfirmation confirmation;
  private final Notices notices;

  PasskeyRegistrations(
      PasskeyCeremonies ceremonies,
      PasskeyStore passkeys,
      Transactor transactor,
      WebhookEvents webhookEvents,
      Tokens tokens,
      PasswordConfirmation confirmation,
      Notices notices) {
    this.ceremonies = Objects.requireNonNull(ceremonies, "ceremonies");
    this.passkeys = Objects.requireNonNull(passkeys, "passkeys");
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  /**
   * The creation options for a new passkey of {@code caller}'s user, as JSON: a fresh challenge
   * stored for that user, the user's stable id as {@code user.id}, a discoverable credential, user
   * verification preferred, no attestation, and the user's passkeys excluded.
   *
   * @throws TooManyAttemptsException if the user, the address or the table holds too many
   *     challenges
   */
  String options(SessionAndUser caller, String clientAddress) {
    User user = caller.user();
    PasskeyRelyingParty rp = ceremonies.party();
    byte[] challenge =
        ceremonies.issue(Purpose.REGISTRATION, OptionalLong.of(user.id()), clientAddress);
    List<PublicKeyCredentialDescriptor> exclude =
        passkeys.ofUser(user.id()).stream()
            .map(
                p ->
                    new PublicKeyCredentialDescriptor(
                        PublicKeyCredentialType.PUBLIC_KEY,
                        PasskeyCeremonies.FROM_BASE64URL.decode(p.credentialId()),
                        PasskeyCeremonies.transports(p.transports())))
            .toList();
    PublicKeyCredentialCreationOptions options =
        new PublicKeyCredentialCreationOptions(
            new PublicKeyCredentialRpEntity(rp.rpId(), "Bienvenue"),
            new PublicKeyCredentialUserEntity(
                PasskeyCeremonies.userHandle(user), user.email(), user.email()),
            new DefaultChallenge(challenge),
            ALGORITHMS,
            PasskeyCeremonies.CHALLENGE_LIFETIME.toMillis(),
            exclude,
            new AuthenticatorSelectionCriteria(
                null, true, ResidentKeyRequirement.REQUIRED, UserVerificationRequirement.PREFERRED),
            AttestationConveyancePreference.NONE,
            null);
    return ceremonies.converter.getJsonMapper().writeValueAsString(options);
  }

  /**
   * Verifies {@code credentialJson}, the browser's {@code RegistrationResponseJSON}, against a live
   * registration challenge of {@code caller}'s user (used up by this), the relying party's origin
   * exactly and its id's hash, with user presence; refuses {@code crossOrigin: true}; and stores
   * the passkey as {@code name}, queueing a notice and writing the {@code user.passkey_added} event
   * in the same transaction. The user confirms with {@code password}, or needs none within {@link
   * #FRESH_LOGIN} of logging in.
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
    if (PasskeyCeremonies.outOfSize(credentialJson)) {
      throw refused();
    }
    requireFreshOrPassword(caller, password, clientAddress);
    User user = caller.user();
    RegistrationData data;
    try {
      data = ceremonies.manager.parseRegistrationResponseJSON(credentialJson);
    } catch (RuntimeException e) {
      // Parsing touches nothing but the input: whatever fails in it is a refused answer.
      throw refused();
    }
    CollectedClientData client = data.getCollectedClientData();
    if (client == null
        || data.getAttestationObject() == null
        || client.getChallenge() == null
        || Boolean.TRUE.equals(client.getCrossOrigin())) {
      throw refused();
    }
    if (!ceremonies.consumeChallenge(client, Purpose.REGISTRATION, OptionalLong.of(user.id()))) {
      throw refused();
    }
    try {
      ceremonies.manager.verify(
          data, new RegistrationParameters(ceremonies.server(client), ALGORITHMS, false, true));
    } catch (VerificationException | IllegalArgumentException | IllegalStateException e) {
      throw refused();
    }
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticator =
        data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData attested = authenticator.getAttestedCredentialData();
    if (attested == null) {
      throw refused();
    }
    Instant now = ceremonies.clock.instant();
    StoredPasskey passkey =
        new StoredPasskey(
            tokens.newId(),
            user.id(),
            PasskeyCeremonies.BASE64URL.encodeToString(attested.getCredentialId()),
            PasskeyCeremonies.BASE64URL.encodeToString(ceremonies.credentialData.convert(attested)),
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
          webhookEvents.record(WebhookEvent.USER_PASSKEY_ADDED, user, Passkeys.eventData(passkey));
          return null;
        });
    return Passkeys.summary(passkey);
  }

  /**
   * Requires {@code password} to be {@code caller}'s, or, if none is given, a login younger than
   * {@link #FRESH_LOGIN}.
   *
   * @throws WrongPasswordException if a password is needed and is wrong or missing
   */
  void requireFreshOrPassword(
      SessionAndUser caller, Optional<String> password, String clientAddress) {
    if (password.isPresent()) {
      confirmation.require(caller.user(), password.get(), clientAddress);
      return;
    }
    Instant loggedIn = caller.session().createdAt();
    if (loggedIn.plus(FRESH_LOGIN).isBefore(ceremonies.clock.instant())) {
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

  private static InvalidFieldException refused() {
    return new InvalidFieldException("credential", "passkey not accepted");
  }
}
