package io.bienvenue.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's row of e-mail login codes, as stored: the keyed hash of the live code, if any, and the
 * wrong codes tried for the address. Its {@link #toString()} leaves the hash out.
 *
 * @param userId the user
 * @param codeHash the keyed hash of the live code; empty once it was used
 * @param keyId the id of the secrets key the hash was keyed with
 * @param expiresAt when the code stops working
 * @param wrongTries wrong codes tried since {@code wrongSince}, over every code
 * @param wrongSince when the first of those wrong codes was tried; empty if none was
 */
public record StoredEmailCode(
    long userId,
    Optional<String> codeHash,
    String keyId,
    Instant expiresAt,
    int wrongTries,
    Optional<Instant> wrongSince) {

  /** Checks that no component is null. */
  public StoredEmailCode {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(wrongSince, "wrongSince");
  }

  /** Names the row without its hash. */
  @Override
  public String toString() {
    return "StoredEmailCode[userId=" + userId + ", wrongTries=" + wrongTries + "]";
  }
}
