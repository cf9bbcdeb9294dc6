package io.bienvenue;

import io.bienvenue.oauth.SigningKeys;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.Stores;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The OpenID Connect provider's services, built one way for the service ({@link Bienvenue}), the
 * operator's commands ({@link Administration}) and the tests.
 *
 * @param signingKeys the keys that sign and verify the provider's JWTs, and the JWKS
 */
public record OAuthServices(SigningKeys signingKeys) {

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
        new SigningKeys(stores.signingKeys(), box, SIGNING_KEYS_PUBLISHED_FOR, random, clock));
  }
}
