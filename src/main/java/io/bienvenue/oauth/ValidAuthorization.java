package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.bienvenue.auth.LiveSession;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An authorization request that passed every check, with the session that approves it.
 *
 * @param client the registered client
 * @param redirectUri one of its registered redirect URIs, exactly as the request wrote it
 * @param scopes the scopes granted: {@code openid} and the requested ones Bienvenue knows; {@code
 *     offline_access} only for a client allowed refresh tokens
 * @param state the client's {@code state}, returned as is
 * @param nonce the client's {@code nonce}, put in the ID token
 * @param codeChallenge the PKCE challenge ({@code S256}), required of a public client
 * @param session the person's live session
 */
public record ValidAuthorization(
    Client client,
    URI redirectUri,
    Set<String> scopes,
    Optional<State> state,
    Optional<Nonce> nonce,
    Optional<CodeChallenge> codeChallenge,
    LiveSession session) {

  /** Checks that no component is null and copies the scopes, keeping their order. */
  public ValidAuthorization {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(redirectUri, "redirectUri");
    scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(session, "session");
  }
}
