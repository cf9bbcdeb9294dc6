package io.bienvenue.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.StoredSigningKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys as one instance read them from the database at {@link #readAt}: the public keys
 * still published, and what signs for each algorithm. A new key signs only once it is {@code
 * pickUp} old, the longest another instance goes without reading the keys: until then the key it
 * replaced signs, so that no instance receives a token whose key it has not read yet, nor serves a
 * JWKS without it. Immutable and thread-safe.
 */
final class LoadedKeys {

  private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

  private final Instant readAt;
  private final Duration pickUp;
  private final Map<IdTokenAlgorithm, Signing> signing;
  private final List<Published> published;

  /**
   * The verifier of each published key, by kid, made at its first use: the first one loads Bouncy
   * Castle's provider (a third of a second), which the service's start should not wait for.
   */
  private final Map<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();

  private LoadedKeys(
      Instant readAt,
      Duration pickUp,
      Map<IdTokenAlgorithm, Signing> signing,
      List<Published> published) {
    this.readAt = readAt;
    this.pickUp = pickUp;
    this.signing = signing;
    this.published = published;
  }

  /**
   * The keys of {@code stored} (the current ones and those retired within {@code publishFor}), read
   * at {@code now}. Private keys are opened only for the current keys, and for the keys they
   * replaced less than {@code pickUp} ago.
   *
   * @throws io.bienvenue.secrets.UnopenableSecretException if such a private key does not open
   */
  static LoadedKeys read(
      List<StoredSigningKey> stored,
      SecretBox box,
      Duration publishFor,
      Duration pickUp,
      Instant now) {
    // The key a current one replaced is the one of its algorithm retired last, within pickUp.
    Map<IdTokenAlgorithm, StoredSigningKey> replaced = new EnumMap<>(IdTokenAlgorithm.class);
    for (StoredSigningKey key : stored) {
      Optional<Instant> retiredAt = key.retiredAt();
      if (retiredAt.isPresent() && now.isBefore(retiredAt.get().plus(pickUp))) {
        replaced.merge(
            IdTokenAlgorithm.valueOf(key.alg()),
            key,
            (a, b) -> a.retiredAt().get().isAfter(b.retiredAt().get()) ? a : b);
      }
    }
    Map<IdTokenAlgorithm, Signing> signing = new EnumMap<>(IdTokenAlgorithm.class);
    List<Published> published = new ArrayList<>();
    for (StoredSigningKey key : stored) {
      IdTokenAlgorithm algorithm = IdTokenAlgorithm.valueOf(key.alg());
      published.add(
          new Published(
              algorithm,
              parse(key.publicJwk(), key.kid()),
              key.retiredAt().map(r -> r.plus(publishFor))));
      if (key.current()) {
        Optional<Signer> previous =
            Optional.ofNullable(replaced.get(algorithm)).map(old -> signer(old, box));
        signing.put(algorithm, new Signing(signer(key, box), key.createdAt(), previous));
      }
    }
    return new LoadedKeys(now, pickUp, signing, published);
  }

  /** When these keys were read. */
  Instant readAt() {
    return readAt;
  }

  /** These keys, to be read again at {@code later}. */
  LoadedKeys readAgainAt(Instant later) {
    return new LoadedKeys(later, pickUp, signing, published);
  }

  /**
   * What signs for {@code algorithm} at {@code now}.
   *
   * @throws IllegalStateException if the algorithm has no current key
   */
  Signer signer(IdTokenAlgorithm algorithm, Instant now) {
    Signing keys = signing.get(algorithm);
    if (keys == null) {
      throw new IllegalStateException("no current " + algorithm + " signing key: run ensure()");
    }
    boolean pickedUp = !now.isBefore(keys.createdAt().plus(pickUp));
    return pickedUp ? keys.current() : keys.previous().orElse(keys.current());
  }

  /** The public keys published at {@code now}. */
  JWKSet jwkSet(Instant now) {
    return new JWKSet(
        published.stream().filter(k -> k.publishedAt(now)).map(Published::jwk).toList());
  }

  /**
   * Checks the signature of {@code jwt} with the key its {@code kid} names, as {@link
   * SigningKeys#verify} says.
   *
   * @throws InvalidJwtException if a rule is broken
   */
  SignedJWT verify(String jwt, Instant now) {
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
    Published key =
        published.stream()
            .filter(k -> k.jwk().getKeyID().equals(kid) && k.publishedAt(now))
            .findFirst()
            .orElseThrow(() -> new InvalidJwtException("kid " + kid + " is not a published key"));
    if (!KeyPairs.jws(key.algorithm()).equals(header.getAlgorithm())) {
      throw new InvalidJwtException(
          "kid " + kid + " is an " + key.algorithm() + " key, not " + header.getAlgorithm());
    }
    try {
      if (!parsed.verify(
          verifiers.computeIfAbsent(kid, k -> KeyPairs.verifier(key.algorithm(), key.jwk())))) {
        throw new InvalidJwtException("the signature does not check with key " + kid);
      }
    } catch (JOSEException e) {
      throw new InvalidJwtException("the signature does not check: " + e.getMessage(), e);
    }
    return parsed;
  }

  /** The context a private key is sealed for: its row. */
  static String context(String kid) {
    return "signing-key:" + kid;
  }

  private static Signer signer(StoredSigningKey key, SecretBox box) {
    JWK privateKey = parse(box.open(key.sealedPrivateJwk(), context(key.kid())), key.kid());
    return new Signer(key.kid(), KeyPairs.signer(IdTokenAlgorithm.valueOf(key.alg()), privateKey));
  }

  private static JWK parse(String json, String kid) {
    try {
      return JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("signing key " + kid + " is not a JWK: " + e.getMessage(), e);
    }
  }

  /** A private key's id and what signs with it. */
  record Signer(String kid, JWSSigner signer) {}

  /** The current key of an algorithm, made at {@code createdAt}, and the key it replaced. */
  private record Signing(Signer current, Instant createdAt, Optional<Signer> previous) {}

  /** A public key, published until {@code until} (always, while current). */
  private record Published(IdTokenAlgorithm algorithm, JWK jwk, Optional<Instant> until) {
    boolean publishedAt(Instant now) {
      return until.map(now::isBefore).orElse(true);
    }
  }
}
