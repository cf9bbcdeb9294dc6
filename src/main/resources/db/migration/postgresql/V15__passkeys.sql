-- Passkeys (WebAuthn): the users' credentials, and the challenges of ceremonies under way.
-- A credential holds no secret: its public key is what verifies the authenticator's signatures.
-- Challenges live here, not in one instance's memory, so any instance can take the answer; one is
-- used by deleting it (a compare-and-set: of N concurrent answers one wins), and expires after 5
-- minutes. Times are epoch milliseconds. The same schema as db/migration/sqlite, in PostgreSQL's
-- types. V16 is another branch's.

CREATE TABLE passkeys (
    id                TEXT    PRIMARY KEY,  -- 128 random bits, base64url: the id the API shows
    user_id           BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id     TEXT    NOT NULL,     -- the authenticator's credential id, base64url
    public_key        TEXT    NOT NULL,     -- the attested credential data (AAGUID, credential id,
                                            -- COSE public key) as registered, base64url
    sign_count        BIGINT  NOT NULL,     -- the authenticator's counter; 0 if it keeps none
    uv_initialized    BOOLEAN NOT NULL,     -- true if user verification was done at registration
    backup_eligible   BOOLEAN NOT NULL,     -- the BE flag: a synced passkey may be copied
    backup_state      BOOLEAN NOT NULL,     -- the BS flag, as last seen
    transports        TEXT    NOT NULL,     -- space-separated AuthenticatorTransport values
    name              TEXT    NOT NULL,     -- the user's label for it
    created_at        BIGINT  NOT NULL,
    last_used_at      BIGINT                -- the last login with it, if any
);

-- One credential id belongs to one user, across all users.
CREATE UNIQUE INDEX passkeys_credential_id ON passkeys (credential_id);
CREATE INDEX passkeys_user_id ON passkeys (user_id);

CREATE TABLE webauthn_challenges (
    challenge      TEXT    PRIMARY KEY,  -- 256 random bits, base64url, as the options carry it
    purpose        TEXT    NOT NULL CHECK (purpose IN ('registration', 'authentication')),
    user_id        BIGINT  REFERENCES users (id) ON DELETE CASCADE,  -- the registering user;
                                                                      -- NULL for a login
    client_address TEXT    NOT NULL,     -- who asked: live challenges are capped per address
    expires_at     BIGINT  NOT NULL
);

CREATE INDEX webauthn_challenges_user_id ON webauthn_challenges (user_id);
CREATE INDEX webauthn_challenges_client_address ON webauthn_challenges (client_address);
CREATE INDEX webauthn_challenges_expires_at ON webauthn_challenges (expires_at);
