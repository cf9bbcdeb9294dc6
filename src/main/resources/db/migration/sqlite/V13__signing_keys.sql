-- The keys that sign the OpenID Connect provider's tokens (ID tokens), shared by every instance.
-- Each private key is a JWK sealed by the secrets key (SecretBox, a compact JWE for the context
-- signing-key:<kid>): it is never in clear here, and opens only with the key kept outside the
-- database. A key is current until it is retired (keys rotate); a retired key still verifies,
-- and is published, until the tokens it signed have expired. Times are epoch milliseconds.
-- V14 is reserved by another branch.

CREATE TABLE signing_keys (
    kid         TEXT    PRIMARY KEY,  -- the RFC 7638 thumbprint of the public key
    alg         TEXT    NOT NULL CHECK (alg IN ('ES256', 'RS256')),
    private_jwk TEXT    NOT NULL,     -- the private JWK, sealed
    public_jwk  TEXT    NOT NULL,     -- the public JWK, JSON, as the JWKS publishes it
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER           -- NULL while it signs
);

-- One current key per algorithm: of instances making or rotating keys at once, one insert wins.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (alg) WHERE retired_at IS NULL;
