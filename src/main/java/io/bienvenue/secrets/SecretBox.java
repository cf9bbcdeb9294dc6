package io.bienvenue.secrets;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage and opens them again, with {@link SecretKeys} kept outside the
 * database. A sealed value is a compact JWE (RFC 7516) made by Nimbus JOSE: {@code alg: dir},
 * {@code enc: A256GCM}, {@code kid} the id of the key that sealed it, and {@value #CONTEXT} the
 * context the caller names (such as {@code totp:42}, the purpose and the row). The whole protected
 * header is authenticated with the ciphertext, so a value altered, or copied to another row or
 * another purpose, does not open. Thread-safe.
 */
public final class SecretBox {

  /** The protected-header parameter naming a sealed value's context. */
  public static final String CONTEXT = "ctx";

  private final Optional<SecretKeys> keys;
  private final String missing;

  private SecretBox(Optional<SecretKeys> keys, String missing) {
    this.keys = keys;
    this.missing = missing;
  }

  /** A box that seals with the first of {@code keys} and opens with any of them. */
  public SecretBox(SecretKeys keys) {
    this(Optional.of(Objects.requireNonNull(keys, "keys")), "");
  }

  /**
   * A box without keys, for a process that never seals nor opens a secret (the operator's
   * commands): each call throws an {@link IllegalStateException} saying {@code why}.
   */
  public static SecretBox withoutKeys(String why) {
    return new SecretBox(Optional.empty(), Objects.requireNonNull(why, "why"));
  }

  /**
   * Seals {@code plain} for {@code context}.
   *
   * @return a compact JWE, five base64url parts separated by dots
   */
  public String seal(String plain, String context) {
    Objects.requireNonNull(plain, "plain");
    Objects.requireNonNull(context, "context");
    SecretKeys held = keys();
    JWEHeader header =
        new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
            .keyID(held.sealingKeyId())
            .customParam(CONTEXT, context)
            .build();
    JWEObject jwe = new JWEObject(header, new Payload(plain));
    try {
      jwe.encrypt(new DirectEncrypter(held.sealingKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot seal with AES-256-GCM: " + e.getMessage(), e);
    }
    return jwe.serialize();
  }

  /**
   * Opens {@code sealed}, sealed for {@code context}.
   *
   * @throws UnopenableSecretException if it is no sealed value, was sealed for another context or
   *     with a key this box does not hold, or was altered
   */
  public String open(String sealed, String context) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(context, "context");
    SecretKeys held = keys();
    JWEObject jwe = parse(sealed);
    JWEHeader header = jwe.getHeader();
    Object sealedFor = header.getCustomParam(CONTEXT);
    if (!context.equals(sealedFor)) {
      throw new UnopenableSecretException(
          "a value sealed for " + sealedFor + " was read as " + context + "'s");
    }
    String id = Objects.requireNonNullElse(header.getKeyID(), "(none)");
    byte[] key =
        held.withId(id)
            .orElseThrow(
                () ->
                    new UnopenableSecretException(
                        "a value of "
                            + context
                            + " was sealed with key "
                            + id
                            + ", which is not in the secrets key file: the key is wrong, or the"
                            + " line of an older key was removed too soon"));
    try {
      jwe.decrypt(new DirectDecrypter(key));
    } catch (JOSEException e) {
      throw new UnopenableSecretException(
          "the value of " + context + " does not open with key " + id + ": it was altered", e);
    }
    return jwe.getPayload().toString();
  }

  /**
   * Tells whether {@code value} has the form of a sealed value ({@code dir}, {@code A256GCM}, a
   * {@code kid} and a context): what a secret stored in clear never has.
   */
  public static boolean isSealed(String value) {
    if (value == null || value.chars().filter(c -> c == '.').count() != 4) {
      return false;
    }
    try {
      JWEHeader header = JWEObject.parse(value).getHeader();
      return JWEAlgorithm.DIR.equals(header.getAlgorithm())
          && EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
          && header.getKeyID() != null
          && header.getCustomParam(CONTEXT) instanceof String;
    } catch (ParseException e) {
      return false;
    }
  }

  /** Tells whether {@code sealed} was sealed with the key that seals now, not an older one. */
  public boolean isSealedWithTheNewestKey(String sealed) {
    return isSealed(sealed) && keys().sealingKeyId().equals(parse(sealed).getHeader().getKeyID());
  }

  /** The id of the key that seals now: the one {@link #keyedHash} is asked for with. */
  public String sealingKeyId() {
    return keys().sealingKeyId();
  }

  /**
   * The keyed hash of {@code value} for {@code purpose}, with the secrets key {@code keyId}:
   * base64url of HMAC-SHA256 of the value under HMAC-SHA256(secrets key, purpose), so that each
   * purpose has a key of its own and no hash can be made or reversed without the secrets key. For
   * short secrets (an 8-digit code) that a plain SHA-256 would give away to whoever reads the
   * database. Empty if this box holds no key of that id (it was rotated out).
   */
  public Optional<String> keyedHash(String value, String purpose, String keyId) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(keyId, "keyId");
    return keys()
        .withId(keyId)
        .map(
            key ->
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(hmac(hmac(key, purpose), value)));
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HMAC-SHA256", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static JWEObject parse(String sealed) {
    if (!isSealed(sealed)) {
      throw new UnopenableSecretException(
          "not a sealed value: a compact JWE (dir, A256GCM) with a kid and a context");
    }
    try {
      return JWEObject.parse(sealed);
    } catch (ParseException e) {
      throw new UnopenableSecretException("not a sealed value: " + e.getMessage(), e);
    }
  }

  private SecretKeys keys() {
    return keys.orElseThrow(() -> new IllegalStateException(missing));
  }
}
