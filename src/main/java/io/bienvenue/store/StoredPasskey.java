package io.bienvenue.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of {@code passkeys}: one WebAuthn credential of a user. Nothing in it is secret: the public
 * key only verifies the authenticator's signatures.
 *
 * @param id the random public id (128 bits, base64url) the API names it by
 * @param userId the owner's row id
 * @param credentialId the authenticator's credential id, base64url; unique across users
 * @param publicKey the attested credential data as registered (AAGUID, credential id and COSE
 *     public key), base64url
 * @param signCount the authenticator's signature counter as last seen; 0 if it keeps none
 * @param uvInitialized whether the user was verified when it was registered
 * @param backupEligible whether the authenticator said it may be backed up (synced)
 * @param backupState whether it said it is backed up, as last seen
 * @param transports the transports the browser reported, as WebAuthn names them
 * @param name the user's label for it
 * @param createdAt when it was registered
 * @param lastUsedAt the last login with it, if any
 */
public record StoredPasskey(
    String id,
    long userId,
    String credentialId,
    String publicKey,
    long signCount,
    boolean uvInitialized,
    boolean backupEligible,
    boolean backupState,
    List<String> transports,
    String name,
    Instant createdAt,
    Optional<Instant> lastUsedAt) {

  /** Checks that no component is null, and copies the transports. */
  public StoredPasskey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(publicKey, "publicKey");
    transports = List.copyOf(transports);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }
}
