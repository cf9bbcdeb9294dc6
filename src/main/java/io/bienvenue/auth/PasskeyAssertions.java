package io.bienvenue.auth;

import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.verifier.exception.VerificationException;
import io.bienvenue.store.ChallengeStore.Purpose;
import io.bienvenue.store.PasskeyStore;
import io.bienvenue.store.StoredPasskey;
import io.bienvenue.user.User;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The check of a passkey assertion, the browser's {@code AuthenticationResponseJSON}, in the one
 * place both logins use it: the passwordless one ({@code POST /sessions/passkey}, user verification
 * required) and the second step after a password (user verification not required). The user handle
 * must name the passkey's owner, the challenge be a live login challenge (used up by this),
 * webauthn4j checks the origin, the relying party id hash, the flags and the signature, and the
 * signature counter must grow where the authenticator keeps one (recorded by compare-and-set).
 * Thread-safe.
 */
final class PasskeyAssertions {

  private final PasskeyCeremonies ceremonies;
  private final PasskeyStore passkeys;

  PasskeyAssertions(PasskeyCeremonies ceremonies, PasskeyStore passkeys) {
    this.ceremonies = Objects.requireNonNull(ceremonies, "ceremonies");
    this.passkeys = Objects.requireNonNull(passkeys, "passkeys");
  }

  /** The parsed answer, or null if it is no answer at all: too long, or not one to parse. */
  AuthenticationData parse(String credentialJson) {
    if (PasskeyCeremonies.outOfSize(credentialJson)) {
      return null;
    }
    try {
      return ceremonies.manager.parseAuthenticationResponseJSON(credentialJson);
    } catch (RuntimeException e) {
      // Parsing touches nothing but the input: whatever fails in it (a DataConversionException,
      // or a buffer underflow in truncated CBOR) is a refused answer, never a 500.
      return null;
    }
  }

  /** The credential id {@code data} claims, in base64url; empty for no answer or no id. */
  static String credentialId(AuthenticationData data) {
    return data == null || data.getCredentialId() == null
        ? ""
        : PasskeyCeremonies.BASE64URL.encodeToString(data.getCredentialId());
  }

  /** The stored passkey {@code data} claims to be, if any. */
  Optional<StoredPasskey> claimed(AuthenticationData data) {
    return data == null ? Optional.empty() : passkeys.findByCredentialId(credentialId(data));
  }

  /**
   * As the second step of {@code user}'s login, once their password was found right: whether {@code
   * credentialJson} is a valid assertion of one of {@code user}'s own passkeys (SPEC §6), user
   * verification not required. Another user's passkey, or no passkey at all, is false before any
   * challenge is used.
   */
  boolean verifiesOwn(User user, String credentialJson) {
    AuthenticationData data = parse(credentialJson);
    Optional<StoredPasskey> stored = claimed(data).filter(p -> p.userId() == user.id());
    return stored.isPresent() && verifies(data, stored.get(), user, false);
  }

  /**
   * Tells whether {@code data} is a valid assertion of {@code stored}, owned by {@code owner}, with
   * user verification if {@code userVerificationRequired}, and records its use; false at the first
   * check that fails.
   */
  boolean verifies(
      AuthenticationData data, StoredPasskey stored, User owner, boolean userVerificationRequired) {
    // webauthn4j leaves the user handle to the caller (SPEC §6): it must name the owner.
    if (data.getUserHandle() == null
        || !Arrays.equals(data.getUserHandle(), PasskeyCeremonies.userHandle(owner))) {
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
    if (!ceremonies.consumeChallenge(client, Purpose.AUTHENTICATION, OptionalLong.empty())) {
      return false;
    }
    try {
      CredentialRecordImpl record =
          new CredentialRecordImpl(
              null,
              stored.uvInitialized(),
              stored.backupEligible(),
              stored.backupState(),
              stored.signCount(),
              ceremonies.credentialData.convert(
                  PasskeyCeremonies.FROM_BASE64URL.decode(stored.publicKey())),
              null,
              null,
              null,
              PasskeyCeremonies.transports(stored.transports()));
      ceremonies.manager.verify(
          data,
          new AuthenticationParameters(
              ceremonies.server(client), record, null, userVerificationRequired, true));
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
    return passkeys.recordUse(
        stored.id(), seen, now, authenticator.isFlagBS(), ceremonies.clock.instant());
  }
}
