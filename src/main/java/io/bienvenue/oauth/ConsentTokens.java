package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token that ties a consent page's answer to the authorization request that sent the person
 * there, in the browser that holds the session (SPEC §6, "bound to the browser"). The consent page
 * carries it from its address to its {@code POST}; the answer counts only with a token made for the
 * same request and the same session, less than {@link #LIFETIME} ago.
 *
 * <p>It is stateless, so any instance can check what another made: {@code <expiry>.<mac>}, an
 * HMAC-SHA256 keyed with the session's token (a 256-bit secret that only that browser and this
 * service know; the cookie is {@code HttpOnly}) over the expiry and the request's parameters in a
 * canonical order. A page of another site, or another person's session, cannot make one. Immutable
 * and thread-safe.
 */
final class ConsentTokens {

  /** The parameter that carries the token, in the consent page's address and its answer. */
  static final String PARAMETER = "consent_token";

  /** How long a consent page may stay open before its answer is refused. */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String CONTEXT = "bienvenue consent answer\n";

  private ConsentTokens() {}

  /**
   * The token for {@code request} (its {@link #PARAMETER} and {@link OpenIdProvider#CONSENT} left
   * out) asked in the session whose token is {@code sessionToken}, at {@code now}.
   */
  static String issue(String sessionToken, Map<String, List<String>> request, Instant now) {
    long expiry = now.plus(LIFETIME).getEpochSecond();
    return expiry + "." + mac(sessionToken, expiry, request);
  }

  /**
   * Whether {@code token} was made by {@link #issue} for this request and session and has not
   * expired at {@code now}.
   */
  static boolean verifies(
      Optional<String> token, String sessionToken, Map<String, List<String>> request, Instant now) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    if (token.isEmpty()) {
      return false;
    }
    String value = token.get();
    int dot = value.indexOf('.');
    if (dot < 1 || dot > 18 || !value.substring(0, dot).chars().allMatch(Character::isDigit)) {
      return false;
    }
    long expiry = Long.parseLong(value.substring(0, dot));
    if (now.getEpochSecond() >= expiry) {
      return false;
    }
    byte[] expected = mac(sessionToken, expiry, request).getBytes(StandardCharsets.US_ASCII);
    byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static String mac(String sessionToken, long expiry, Map<String, List<String>> request) {
    Map<String, List<String>> canonical = new TreeMap<>(request);
    canonical.remove(PARAMETER);
    canonical.remove(OpenIdProvider.CONSENT);
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(sessionToken.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] digest =
          mac.doFinal(
              (CONTEXT + expiry + "\n" + URLUtils.serializeParameters(canonical))
                  .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }
}
