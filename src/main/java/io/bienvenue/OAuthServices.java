package io.bienvenue;

import com.nimbusds.oauth2.sdk.id.Issuer;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.AuthorizationRequests;
import io.bienvenue.oauth.ClientRegistry;
import io.bienvenue.oauth.Consents;
import io.bienvenue.oauth.Grants;
import io.bienvenue.oauth.OpenIdProvider;
import io.bienvenue.oauth.SigningKeys;
import io.bienvenue.oauth.TokenIssuer;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.Stores;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The OpenID Connect provider's services, built one way for the service ({@link Bienvenue}), the
 * operator's commands ({@link Administration}) and the tests.
 *
 * @param signingKeys the keys that sign and verify the provider's JWTs, and the JWKS
 * @param provider the provider the HTTP layer calls; present once the service is wired with its
 *     {@link Auth} ({@link #withProvider})
 */
public record OAuthServices(SigningKeys signingKeys, Optional<OpenIdProvider> provider) {

  /**
   * How long a retired signing key stays published and verifies: a day. ID tokens live far less,
   * but a relying party sends one back long after as the {@code id_token_hint} of a logout, which
   * the provider accepts expired (OpenID Connect RP-Initiated Logout); a day covers a browser left
   * open overnight, and after it a hint that no longer verifies only means the logout asks again.
   * It also covers the minute a retired key still signs (see {@link SigningKeys#REFRESH_EVERY}).
   */
  public static final Duration SIGNING_KEYS_PUBLISHED_FOR = Duration.ofDays(1);

  /**
   * The provider's services over {@code stores}.
   *
   * @param box seals and opens the private signing keys
   * @param random the source of new keys
   * @param clock the time source
   */
  public static OAuthServices wire(Stores stores, SecretBox box, SecureRandom random, Clock clock) {
    return new OAuthServices(
        new SigningKeys(stores.signingKeys(), box, SIGNING_KEYS_PUBLISHED_FOR, random, clock),
        Optional.empty());
  }

  /**
   * These services with the provider of {@code issuer} over {@code stores}, whose people log in
   * through {@code auth}.
   *
   * @param webhookEvents the writer of webhook events the flows of {@code auth} use ({@link
   *     AuthServices#webhookEvents}): the consents' events go through it too
   * @param issuer the issuer, asked when needed: in development the address the service listens on,
   *     known only once it does
   * @param pagesServed whether the web pages that ask the person (login, consent, logout) are
   *     served; see {@link AuthorizationRequests}
   */
  public OAuthServices withProvider(
      Stores stores,
      Auth auth,
      WebhookEvents webhookEvents,
      Tokens tokens,
      Lifetimes lifetimes,
      Supplier<Issuer> issuer,
      boolean pagesServed,
      Clock clock) {
    ClientRegistry clients = new ClientRegistry(stores.clients(), tokens, clock);
    Consents consents = new Consents(stores, webhookEvents, clock);
    OpenIdProvider provider =
        new OpenIdProvider(
            auth,
            clients,
            new AuthorizationRequests(issuer, clients, consents, pagesServed),
            new Grants(stores, tokens, lifetimes, clock),
            consents,
            new TokenIssuer(signingKeys, tokens, clock),
            signingKeys,
            stores.users(),
            clock);
    return new OAuthServices(signingKeys, Optional.of(provider));
  }
}
