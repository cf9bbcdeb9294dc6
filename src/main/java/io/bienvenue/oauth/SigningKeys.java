package io.bienvenue.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.SigningKeyStore;
import io.bienvenue.store.StoredSigningKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that sign the provider's JWTs, kept in the database so that every instance signs with
 * and publishes the same ones. Each algorithm of {@link IdTokenAlgorithm} has one current key,
 * which signs; {@link #rotate} makes new current keys, and a retired key is still published and
 * still verifies for {@code publishFor} after its retirement (the longest lifetime of a token it
 * signed), then is neither. Private keys are sealed by {@link SecretBox} for the context {@code
 * signing-key:<kid>} before they reach the store.
 *
 * <p>The keys are held in memory and read again from the database when the copy is older than
 * {@link #REFRESH_EVERY} (so another instance's rotation is seen within it) and after a local
 * {@link #ensure} or {@link #rotate}. A rotated key is published at once but signs only once it is
 * {@link #REFRESH_EVERY} old, the key it replaced signing meanwhile: by then every instance has
 * read it, so none meets a token, or serves a JWKS, without the key that signed it. A first key (no
 * key to replace) signs at once. Thread-safe.
 */
public final class SigningKeys {

  /** The longest the keys in memory go without being read again from the database. */
  public static final Duration REFRESH_EVERY = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  private final SigningKeyStore store;
  private final SecretBox box;
  private final Duration publishFor;
  private final SecureRandom random;
  private final Clock clock;
  private volatile LoadedKeys loaded;

  /**
   * The keys of {@code store}, sealed and opened by {@code box}.
   *
   * @param publishFor how long a retired key stays published and verifies: at least the longest
   *     lifetime of a token it may have signed, plus {@link #REFRESH_EVERY}, as a retired key still
   *     signs for that long
   * @param random the source of new keys
   * @param clock the time that decides which retired keys are still published, and when to read the
   *     keys again
   * @throws IllegalArgumentException if {@code publishFor} is shorter than {@link #REFRESH_EVERY}
   */
  public SigningKeys(
      SigningKeyStore store, SecretBox box, Duration publishFor, SecureRandom random, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.box = Objects.requireNonNull(box, "box");
    this.publishFor = Objects.requireNonNull(publishFor, "publishFor");
    if (publishFor.compareTo(REFRESH_EVERY) < 0) {
      throw new IllegalArgumentException(
          "publishFor " + publishFor + " is shorter than the minute a retired key still signs");
    }
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes a current key for each algorithm that has none, then reads the keys. Of instances doing
   * this at once, one key per algorithm is stored (the database decides) and every instance ends up
   * signing with it. Run at start, after the migrations.
   *
   * @return the algorithms this call made a key for
   * @throws io.bienvenue.secrets.UnopenableSecretException if a private key does not open with the
   *     secrets key
   */
  public List<IdTokenAlgorithm> ensure() {
    int resealed = sealWithTheNewestKey();
    if (resealed > 0) {
      LOG.info("sealed {} signing key(s) with the newest secrets key", resealed);
    }
    Instant now = clock.instant();
    Set<String> current =
        store.inUse(now).stream()
            .filter(StoredSigningKey::current)
            .map(StoredSigningKey::alg)
            .collect(Collectors.toSet());
    List<IdTokenAlgorithm> made = new ArrayList<>();
    for (IdTokenAlgorithm algorithm : IdTokenAlgorithm.values()) {
      if (!current.contains(algorithm.name()) && store.addCurrent(newKey(algorithm, now))) {
        made.add(algorithm);
      }
    }
    reload();
    return made;
  }

  /**
   * Makes a new current key for each algorithm, retiring the current ones at {@code now}; they stay
   * published until {@code now + publishFor}, and still sign until the new keys are {@link
   * #REFRESH_EVERY} old. The keys are then read again.
   *
   * @return the new keys
   * @throws io.bienvenue.secrets.UnopenableSecretException if the current keys do not open with the
   *     secrets key: then nothing is changed, so that no key is sealed with the wrong one
   */
  public List<SigningKey> rotate(Instant now) {
    Objects.requireNonNull(now, "now");
    reload();
    List<SigningKey> made = new ArrayList<>();
    for (IdTokenAlgorithm algorithm : IdTokenAlgorithm.values()) {
      StoredSigningKey key = newKey(algorithm, now);
      store.replaceCurrent(key, now);
      made.add(new SigningKey(key.kid(), algorithm, key.createdAt(), Optional.empty()));
    }
    reload();
    return made;
  }

  /**
   * Deletes the keys retired long enough ago that they are no longer published.
   *
   * @return how many were deleted
   */
  public int deleteUnpublished() {
    return store.deleteRetired(clock.instant().minus(publishFor));
  }

  /** Returns every stored key, oldest first, without its private part. */
  public List<SigningKey> list() {
    return store.list().stream()
        .map(
            k ->
                new SigningKey(
                    k.kid(), IdTokenAlgorithm.valueOf(k.alg()), k.createdAt(), k.retiredAt()))
        .toList();
  }

  /**
   * Signs {@code claims} with the current key of {@code algorithm} (or, in the first {@link
   * #REFRESH_EVERY} of a rotated key, the key it replaced), the header naming its {@code kid} and
   * the type {@code type}.
   *
   * @return the compact JWS
   * @throws IllegalStateException if there is no current key ({@link #ensure} was not run)
   */
  public String sign(JWTClaimsSet claims, IdTokenAlgorithm algorithm, JOSEObjectType type) {
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(type, "type");
    LoadedKeys.Signer key = keys().signer(algorithm, clock.instant());
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(KeyPairs.jws(algorithm)).keyID(key.kid()).type(type).build(),
            claims);
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with key " + key.kid(), e);
    }
    return jwt.serialize();
  }

  /**
   * Returns the public keys that verify: the current ones and those retired less than {@code
   * publishFor} ago. Its {@code toString()} is the JWKS document, public parts only.
   */
  public JWKSet jwkSet() {
    return keys().jwkSet(clock.instant());
  }

  /**
   * Checks the signature of {@code jwt} and returns it. The rules: a JWS (never {@code alg: none}),
   * of algorithm ES256 or RS256 (never HS256 and the like, which a public key would sign), whose
   * header names by {@code kid} one of the published keys, of that same algorithm; a key embedded
   * in the header is never used. The claims ({@code iss}, {@code aud}, {@code exp}...) are the
   * caller's to check.
   *
   * @throws InvalidJwtException if any rule is broken
   */
  public SignedJWT verify(String jwt) {
    Objects.requireNonNull(jwt, "jwt");
    return keys().verify(jwt, clock.instant());
  }

  private int sealWithTheNewestKey() {
    int resealed = 0;
    for (StoredSigningKey stored : store.list()) {
      String sealed = stored.sealedPrivateJwk();
      if (box.isSealedWithTheNewestKey(sealed)) {
        continue;
      }
      String context = LoadedKeys.context(stored.kid());
      String replacement = box.seal(box.open(sealed, context), context);
      if (store.replaceSealedPrivateJwk(stored.kid(), sealed, replacement)) {
        resealed++;
      }
    }
    return resealed;
  }

  private StoredSigningKey newKey(IdTokenAlgorithm algorithm, Instant now) {
    JWK key = KeyPairs.generate(algorithm, random);
    String kid = key.getKeyID();
    return new StoredSigningKey(
        kid,
        algorithm.name(),
        box.seal(key.toJSONString(), LoadedKeys.context(kid)),
        key.toPublicJWK().toJSONString(),
        now,
        Optional.empty());
  }

  /**
   * The keys in memory, read again if they are older than {@link #REFRESH_EVERY}. If the database
   * cannot be read then, the keys in memory still sign and verify for another {@link
   * #REFRESH_EVERY}: a database outage must not stop tokens, nor make every call wait for it.
   */
  private LoadedKeys keys() {
    LoadedKeys held = loaded;
    Instant now = clock.instant();
    if (held != null && now.isBefore(held.readAt().plus(REFRESH_EVERY))) {
      return held;
    }
    synchronized (this) {
      held = loaded;
      if (held != null && now.isBefore(held.readAt().plus(REFRESH_EVERY))) {
        return held;
      }
      try {
        return reload();
      } catch (RuntimeException e) {
        if (held == null) {
          throw e;
        }
        LOG.warn("cannot read the signing keys again, keeping those in memory: {}", e.toString());
        loaded = held.readAgainAt(now);
        return loaded;
      }
    }
  }

  private synchronized LoadedKeys reload() {
    Instant now = clock.instant();
    LoadedKeys fresh =
        LoadedKeys.read(store.inUse(now.minus(publishFor)), box, publishFor, REFRESH_EVERY, now);
    loaded = fresh;
    return fresh;
  }
}
