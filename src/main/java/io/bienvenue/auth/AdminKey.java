package io.bienvenue.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An admin API key as an operator sees it: its name and times, never the key or its hash.
 * Immutable.
 *
 * @param name the operator's unique name for it, which the audit trail records
 * @param createdAt when it was made
 * @param lastUsedAt when a request last used it; empty until one did
 */
public record AdminKey(String name, Instant createdAt, Optional<Instant> lastUsedAt) {

  /** Checks that no part is null. */
  public AdminKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }
}
