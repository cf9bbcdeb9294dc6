package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** PKCE (RFC 7636) with S256 only, as Nimbus computes it. Stateless. */
final class Pkce {

  private Pkce() {}

  /**
   * Tells whether {@code verifier} is a well-formed code verifier whose S256 challenge is {@code
   * challenge}, comparing in constant time.
   */
  static boolean matches(String challenge, String verifier) {
    String computed;
    try {
      computed =
          CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue();
    } catch (IllegalArgumentException illFormed) {
      // Nimbus refuses a verifier outside RFC 7636's 43 to 128 unreserved characters.
      return false;
    }
    return MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII),
        challenge.getBytes(StandardCharsets.US_ASCII));
  }
}
