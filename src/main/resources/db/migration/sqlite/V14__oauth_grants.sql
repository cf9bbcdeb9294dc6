-- What the OpenID Connect provider hands out. A grant is one successful authorization: a user let
-- a client have some scopes. Its single authorization code and its family of refresh tokens hang
-- off it, so revoking the grant ends them all, and the access tokens that name it stop working.
-- A grant without offline_access belongs to the login session that approved it and is deleted
-- with that session (logout, ending it, expiry, a password change); an offline_access grant has no
-- session. Codes and refresh tokens are 256 random bits, stored only as SHA-256 hex digests.
-- Times are epoch milliseconds. V13 is another branch's: Flyway accepts the gap.

CREATE TABLE oauth_grants (
    id         TEXT    PRIMARY KEY,  -- 128 random bits, base64url: the access tokens' claim
    client_id  TEXT    NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,  -- NULL: offline_access
    scopes     TEXT    NOT NULL,  -- space-separated, as granted
    nonce      TEXT,              -- the authorization request's, for the ID token
    auth_time  INTEGER NOT NULL,  -- when the user logged in
    amr        TEXT    NOT NULL,  -- how they logged in, space-separated (RFC 8176)
    created_at INTEGER NOT NULL,
    revoked_at INTEGER            -- set once: its code, refresh and access tokens are dead
);

CREATE INDEX oauth_grants_user_client ON oauth_grants (user_id, client_id);
CREATE INDEX oauth_grants_session_id ON oauth_grants (session_id);

CREATE TABLE oauth_codes (
    code_hash      TEXT    PRIMARY KEY,  -- SHA-256 hex of the code
    grant_id       TEXT    NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
    redirect_uri   TEXT    NOT NULL,     -- exactly as the authorization request gave it
    code_challenge TEXT,                 -- PKCE S256; NULL only for a confidential client
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER               -- set once, by compare-and-set: a code works once
);

CREATE INDEX oauth_codes_grant_id ON oauth_codes (grant_id);

CREATE TABLE oauth_refresh_tokens (
    token_hash TEXT    PRIMARY KEY,  -- SHA-256 hex of the token
    grant_id   TEXT    NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,  -- its family
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER               -- set when rotated: a second use revokes the family
);

CREATE INDEX oauth_refresh_tokens_grant_id ON oauth_refresh_tokens (grant_id);

CREATE TABLE oauth_consents (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  TEXT    NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    scopes     TEXT    NOT NULL,  -- space-separated: every scope the user approved for it
    granted_at INTEGER NOT NULL,  -- the last approval
    PRIMARY KEY (user_id, client_id)
);
