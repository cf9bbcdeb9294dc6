package io.bienvenue.webhooks;

import java.util.Objects;

/**
 * Where a delivery goes and the secret it is signed with, read for each delivery so that a new
 * secret or a removal applies at once. {@link #toString()} leaves the secret out.
 *
 * @param endpointId the endpoint's id
 * @param url the endpoint's URL
 * @param secret its signing secret, in clear ({@code whsec_...}); never logged
 */
public record WebhookTarget(String endpointId, String url, String secret) {

  /** Checks that no part is null. */
  public WebhookTarget {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "WebhookTarget[endpointId=" + endpointId + ", url=" + url + "]";
  }
}
