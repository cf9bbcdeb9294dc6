package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A request a client makes itself, to the token endpoint as {@link TokenRequests#read} finds it, or
 * to the revocation or introspection endpoint as {@link TokenQueries} does.
 */
public sealed interface TokenCall {

  /**
   * Refused before any grant is looked at: the protocol's error, with its HTTP status ({@code
   * invalid_client} is a 401).
   *
   * @param error the error, {@code invalid_request}, {@code invalid_client}, {@code
   *     unsupported_grant_type} or {@code unauthorized_client}
   * @param challengeBasic whether the client tried HTTP Basic, so the 401 names that scheme
   */
  record Refused(ErrorObject error, boolean challengeBasic) implements TokenCall {
    /** Checks that there is an error. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * An authenticated client exchanging an authorization code.
   *
   * @param client the client, authenticated (a confidential one by its secret)
   * @param code the code
   * @param redirectUri the redirect URI the request names, to compare with the code's
   * @param verifier the PKCE verifier, if sent
   */
  record CodeExchange(
      Client client, AuthorizationCode code, URI redirectUri, Optional<CodeVerifier> verifier)
      implements TokenCall {
    /** Checks that no component is null. */
    public CodeExchange {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(redirectUri, "redirectUri");
      Objects.requireNonNull(verifier, "verifier");
    }
  }

  /** An authenticated client allowed refresh tokens, using {@code token}. */
  record Refresh(Client client, RefreshToken token) implements TokenCall {
    /** Checks that no component is null. */
    public Refresh {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * An authenticated client asking to revoke, or what is, {@code token}.
   *
   * @param client the client, authenticated (for introspection, a confidential one by its secret)
   * @param token the token, as sent
   * @param accessTokenHinted whether {@code token_type_hint} says it is an access token, so that it
   *     is looked up as one first
   */
  record Query(Client client, String token, boolean accessTokenHinted) implements TokenCall {
    /** Checks that no component is null. */
    public Query {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(token, "token");
    }
  }
}
