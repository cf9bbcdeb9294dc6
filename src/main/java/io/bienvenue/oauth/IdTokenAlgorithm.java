package io.bienvenue.oauth;

/**
 * The JWS algorithm that signs a client's ID tokens. {@link #ES256} is the default; {@link #RS256}
 * is there for relying parties that verify nothing else (it is the one algorithm OpenID Connect
 * requires every relying party to support).
 */
public enum IdTokenAlgorithm {
  /** ECDSA with P-256 and SHA-256: small keys and signatures. */
  ES256,
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256
}
