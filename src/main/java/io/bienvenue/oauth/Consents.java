package io.bienvenue.oauth;

import java.util.Set;

/** The consents people gave to clients: what the consent page records and the profile revokes. */
@FunctionalInterface
public interface Consents {

  /**
   * Tells whether user {@code userId} consented to {@code clientId} having every scope of {@code
   * scopes}.
   */
  boolean cover(long userId, String clientId, Set<String> scopes);
}
