package io.bienvenue.webhooks;

import java.util.Objects;

/**
 * An endpoint and its signing secret, in clear: what {@code add} and {@code rotate-secret} show
 * once. {@link #toString()} leaves the secret out.
 *
 * @param endpoint the endpoint
 * @param secret its secret, {@code whsec_} and the base64 of 32 random bytes
 */
public record WebhookSecret(WebhookEndpoint endpoint, String secret) {

  /** Checks that no part is null. */
  public WebhookSecret {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "WebhookSecret[endpoint=" + endpoint + "]";
  }
}
