package io.bienvenue.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.SigningKeyStore;
import io.bienvenue.store.StoredSigningKey;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * {@link #ensure} or {@link #rotate}. Thread-safe.
 */
public final class SigningKeys {

  /** The longest the keys in memory go without being read again from the database. */
  public static final Duration REFRESH_EVERY = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

  private final SigningKeyStore store;
  private final SecretBox box;
  private final Duration publishFor;
  private final SecureRandom random;
  private final Clock clock;
  private volatile Loaded loaded;

  /**
   * The keys of {@code store}, sealed and opened by {@code box}.
   *
   * @param publishFor how long a retired key stays published and verifies: the longest lifetime of
   *     a token it may have signed
   * @param random the source of new keys
   * @param clock the time that decides which retired keys are still published, and when to read the
   *     keys again
   */
  public SigningKeys(
      SigningKeyStore store, SecretBox box, Duration publishFor, SecureRandom random, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.box = Objects.requireNonNull(box, "box");
    this.publishFor = Objects.requireNonNull(publishFor, "publishFor");
    if (publishFor.isNegative()) {
      throw new IllegalArgumentException("publishFor is negative: " + publishFor);
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
   * published until {@code now + publishFor}. The keys are then read again.
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
   * Signs {@code claims} with the current key of {@code algorithm}, the header naming its {@code
   * kid} and the type {@code type}.
   *
   * @return the compact JWS
   * @throws IllegalStateException if there is no current key ({@link #ensure} was not run)
   */
  public String sign(JWTClaimsSet claims, IdTokenAlgorithm algorithm, JOSEObjectType type) {
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(type, "type");
    Loaded.Current key = keys().current(algorithm);
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

  /** Returns the public keys that verify: the current ones and those retired not long ago. */
  public JWKSet jwkSet() {
    Instant now = clock.instant();
    return new JWKSet(
        keys().published().stream().filter(k -> k.publishedAt(now)).map(k -> k.jwk()).toList());
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
    SignedJWT parsed;
    try {
      parsed = SignedJWT.parse(jwt);
    } catch (ParseException e) {
      throw new InvalidJwtException("not a signed JWT: " + e.getMessage(), e);
    }
    JWSHeader header = parsed.getHeader();
    if (!ACCEPTED.contains(header.getAlgorithm())) {
      throw new InvalidJwtException("algorithm " + header.getAlgorithm() + " is not accepted");
    }
    String kid = header.getKeyID();
    if (kid == null) {
      throw new InvalidJwtException("the header names no kid");
    }
    Instant now = clock.instant();
    Loaded.Published key =
        keys().published().stream()
            .filter(k -> k.jwk().getKeyID().equals(kid) && k.publishedAt(now))
            .findFirst()
            .orElseThrow(() -> new InvalidJwtException("kid " + kid + " is not a published key"));
    if (!KeyPairs.jws(key.algorithm()).equals(header.getAlgorithm())) {
      throw new InvalidJwtException(
          "kid " + kid + " is an " + key.algorithm() + " key, not " + header.getAlgorithm());
    }
    try {
      if (!parsed.verify(KeyPairs.verifier(key.algorithm(), key.jwk()))) {
        throw new InvalidJwtException("the signature does not check with key " + kid);
      }
    } catch (JOSEException e) {
      throw new InvalidJwtException("the signature does not check: " + e.getMessage(), e);
    }
    return parsed;
  }

  private int sealWithTheNewestKey() {
    int resealed = 0;
    for (StoredSigningKey stored : store.list()) {
      String sealed = stored.sealedPrivateJwk();
      if (box.isSealedWithTheNewestKey(sealed)) {
        continue;
      }
      String context = context(stored.kid());
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
        box.seal(key.toJSONString(), context(kid)),
        key.toPublicJWK().toJSONString(),
        now,
        Optional.empty());
  }

  /** The keys in memory, read again if they are older than {@link #REFRESH_EVERY}. */
  private Loaded keys() {
    Loaded held = loaded;
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
        // The keys read a minute ago still sign and verify: a database blip must not stop
        // tokens; the next call tries the database again.
        LOG.warn("cannot read the signing keys again, keeping those in memory: {}", e.toString());
        return held;
      }
    }
  }

  private synchronized Loaded reload() {
    Instant now = clock.instant();
    Map<IdTokenAlgorithm, Loaded.Current> current = new EnumMap<>(IdTokenAlgorithm.class);
    List<Loaded.Published> published = new ArrayList<>();
    for (StoredSigningKey stored : store.inUse(now.minus(publishFor))) {
      IdTokenAlgorithm algorithm = IdTokenAlgorithm.valueOf(stored.alg());
      JWK publicKey = parse(stored.publicJwk(), stored.kid());
      published.add(
          new Loaded.Published(
              algorithm, publicKey, stored.retiredAt().map(r -> r.plus(publishFor))));
      if (stored.current()) {
        JWK privateKey =
            parse(box.open(stored.sealedPrivateJwk(), context(stored.kid())), stored.kid());
        current.put(
            algorithm, new Loaded.Current(stored.kid(), KeyPairs.signer(algorithm, privateKey)));
      }
    }
    Loaded fresh = new Loaded(now, current, published);
    loaded = fresh;
    return fresh;
  }

  private static JWK parse(String json, String kid) {
    try {
      return JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("signing key " + kid + " is not a JWK: " + e.getMessage(), e);
    }
  }

  private static String context(String kid) {
    return "signing-key:" + kid;
  }

  /** The keys as read at {@code readAt}: the signers of the current ones, and the public ones. */
  private record Loaded(
      Instant readAt, Map<IdTokenAlgorithm, Current> currents, List<Published> published) {

    Current current(IdTokenAlgorithm algorithm) {
      Current key = currents.get(algorithm);
      if (key == null) {
        throw new IllegalStateException("no current " + algorithm + " signing key: run ensure()");
      }
      return key;
    }

    /** A current key's id and what signs with it. */
    record Current(String kid, JWSSigner signer) {}

    /** A public key, published until {@code until} (always, while current). */
    record Published(IdTokenAlgorithm algorithm, JWK jwk, Optional<Instant> until) {
      boolean publishedAt(Instant now) {
        return until.map(now::isBefore).orElse(true);
      }
    }
  }
}
