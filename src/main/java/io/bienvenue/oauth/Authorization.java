package io.bienvenue.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user approved at the authorization endpoint, to be issued as a code ({@link
 * Grants#issueCode}). The endpoint has already checked the client, the redirect URI and the scopes
 * against the registration.
 *
 * @param client the client that asked
 * @param userId the user's row id
 * @param sessionId the login session that approved it: a grant without {@code offline_access}
 *     belongs to it
 * @param scopes the scopes granted, in the order requested
 * @param nonce the request's nonce, if it had one
 * @param authTime when the user logged in (the session's creation)
 * @param amr how they logged in (the session's methods)
 * @param redirectUri the request's redirect URI, exactly as sent
 * @param codeChallenge the request's PKCE S256 challenge: required of a public client
 */
public record Authorization(
    Client client,
    long userId,
    long sessionId,
    List<String> scopes,
    Optional<String> nonce,
    Instant authTime,
    List<String> amr,
    String redirectUri,
    Optional<String> codeChallenge) {

  /** Checks that no component is null, and copies the lists. */
  public Authorization {
    Objects.requireNonNull(client, "client");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(authTime, "authTime");
    amr = List.copyOf(amr);
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
  }
}
