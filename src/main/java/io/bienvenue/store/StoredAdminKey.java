package io.bienvenue.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One admin API key as the {@code admin_keys} table keeps it: never the key, only its hash, which
 * {@link #toString()} leaves out too. Instances are immutable.
 *
 * @param name the operator's unique name for it
 * @param keyHash the lower-case hex SHA-256 of the key
 * @param createdAt when it was made
 * @param lastUsedAt when a request last used it; empty until one did
 */
public record StoredAdminKey(
    String name, String keyHash, Instant createdAt, Optional<Instant> lastUsedAt) {

  /** Checks that no part is null. */
  public StoredAdminKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }

  @Override
  public String toString() {
    return "StoredAdminKey[name=" + name + ", createdAt=" + createdAt + "]";
  }
}
