package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.StoredClient;
import io.bienvenue.store.Stores;
import io.bienvenue.user.Session;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Clients and authorizations for the tests of {@link Grants}. */
public final class GrantFixtures {

  public static final String REDIRECT_URI = "https://app.example.org/cb";

  /** A PKCE verifier, and its S256 challenge as Nimbus computes it. */
  public static final String VERIFIER = new CodeVerifier().getValue();

  public static final String CHALLENGE =
      CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(VERIFIER)).getValue();

  private GrantFixtures() {}

  /** Registers client {@code id} in {@code stores} and returns it as the registry reads it. */
  public static Client addClient(
      Stores stores, String id, boolean confidential, boolean refreshTokens, Clock clock) {
    stores
        .clients()
        .add(
            new StoredClient(
                id,
                "App " + id,
                confidential,
                confidential ? Optional.of(Tokens.hash("secret-of-" + id)) : Optional.empty(),
                List.of(REDIRECT_URI),
                List.of(),
                true,
                refreshTokens,
                "ES256",
                clock.instant()));
    return new ClientRegistry(stores.clients(), new Tokens(new SecureRandom()), clock)
        .find(id)
        .orElseThrow();
  }

  /** What {@code session}'s user approved for {@code client}, with the fixtures' challenge. */
  public static Authorization authorization(Client client, Session session, String... scopes) {
    return authorization(client, session, Optional.of(CHALLENGE), scopes);
  }

  public static Authorization authorization(
      Client client, Session session, Optional<String> challenge, String... scopes) {
    return new Authorization(
        client,
        session.userId(),
        session.id(),
        List.of(scopes),
        Optional.of("nonce-1"),
        session.createdAt(),
        session.amr(),
        REDIRECT_URI,
        challenge);
  }
}
