package io.bienvenue.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One signing key as the {@code signing_keys} table keeps it. The private part is only ever here
 * sealed; the OAuth layer seals and opens it. {@link #toString()} leaves the sealed part out.
 * Instances are immutable.
 *
 * @param kid the key's id, the RFC 7638 thumbprint of its public key
 * @param alg its JWS algorithm: {@code ES256} or {@code RS256}
 * @param sealedPrivateJwk the private JWK, sealed by the secrets key
 * @param publicJwk the public JWK as JSON
 * @param createdAt when it was made
 * @param retiredAt when a newer key replaced it; empty while it is current
 */
public record StoredSigningKey(
    String kid,
    String alg,
    String sealedPrivateJwk,
    String publicJwk,
    Instant createdAt,
    Optional<Instant> retiredAt) {

  /** Checks that no part is null. */
  public StoredSigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(alg, "alg");
    Objects.requireNonNull(sealedPrivateJwk, "sealedPrivateJwk");
    Objects.requireNonNull(publicJwk, "publicJwk");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
  }

  /** Tells whether it is the current key of its algorithm, not retired. */
  public boolean current() {
    return retiredAt.isEmpty();
  }

  /** Names the key without its sealed private part. */
  @Override
  public String toString() {
    return "StoredSigningKey[kid="
        + kid
        + ", alg="
        + alg
        + ", createdAt="
        + createdAt
        + ", retiredAt="
        + retiredAt
        + "]";
  }
}
