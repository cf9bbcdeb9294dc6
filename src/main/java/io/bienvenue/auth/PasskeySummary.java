package io.bienvenue.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A passkey as its owner sees it listed: never its key material.
 *
 * @param id the id to name it by, for instance to remove it
 * @param name the owner's label for it
 * @param createdAt when it was registered
 * @param lastUsedAt the last login with it, if any
 */
public record PasskeySummary(
    String id, String name, Instant createdAt, Optional<Instant> lastUsedAt) {

  /** Checks that no component is null. */
  public PasskeySummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }
}
