package io.bienvenue.oauth;

import java.util.Objects;
import java.util.Optional;

/**
 * A client just registered, or whose secret was just replaced, with the secret in clear: the one
 * time it exists outside the client's own hands. {@link #toString()} leaves the secret out.
 *
 * @param client the client as stored
 * @param secret its new secret, for a confidential client; empty for a public one
 */
public record RegisteredClient(Client client, Optional<String> secret) {

  /** Checks that no component is null. */
  public RegisteredClient {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(secret, "secret");
  }

  /** Returns the client only: the secret stays out of logs. */
  @Override
  public String toString() {
    return "RegisteredClient[" + client + "]";
  }
}
