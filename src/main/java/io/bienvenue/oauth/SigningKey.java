package io.bienvenue.oauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator may know of a signing key: never its private part. Immutable.
 *
 * @param kid its id, the RFC 7638 thumbprint of its public key
 * @param algorithm what it signs with
 * @param createdAt when it was made
 * @param retiredAt when a newer key replaced it; empty while it signs
 */
public record SigningKey(
    String kid, IdTokenAlgorithm algorithm, Instant createdAt, Optional<Instant> retiredAt) {

  /** Checks that no part is null. */
  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
  }
}
