package io.bienvenue.oauth;

import java.util.List;
import java.util.Objects;

/**
 * What the consent page shows: the client's registered name and the scopes it asks that Bienvenue
 * grants.
 *
 * @param clientName the name the operator registered the client under
 * @param scopes the scopes, in the order asked
 */
public record ConsentRequest(String clientName, List<String> scopes) {

  /** Checks the name and copies the scopes. */
  public ConsentRequest {
    Objects.requireNonNull(clientName, "clientName");
    scopes = List.copyOf(scopes);
  }
}
