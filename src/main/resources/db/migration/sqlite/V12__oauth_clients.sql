-- The OpenID Connect provider's registered clients (./bienvenue client ...). A confidential
-- client's secret is 256 random bits, stored only as its SHA-256 hex digest; a public client has
-- none. Redirect URIs are kept exactly as registered, in the order given: a request's redirect_uri
-- must equal one of them, character for character. Times are epoch milliseconds.
-- V11 and V12 are reserved by other branches: Flyway accepts the gap.

CREATE TABLE oauth_clients (
    client_id      TEXT    PRIMARY KEY,  -- 128 random bits, base64url: public, never changed
    name           TEXT    NOT NULL,     -- shown to users on the consent page
    client_type    TEXT    NOT NULL CHECK (client_type IN ('confidential', 'public')),
    secret_hash    TEXT,                 -- SHA-256 hex of the secret; NULL for a public client
    consent        INTEGER NOT NULL CHECK (consent IN (0, 1)),         -- ask users to consent
    refresh_tokens INTEGER NOT NULL CHECK (refresh_tokens IN (0, 1)),  -- refresh_token grant
    id_token_alg   TEXT    NOT NULL,     -- JWS algorithm of its ID tokens: ES256 or RS256
    created_at     INTEGER NOT NULL,
    CHECK ((client_type = 'public') = (secret_hash IS NULL))
);

CREATE TABLE oauth_client_redirect_uris (
    client_id TEXT    NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('login', 'post_logout')),
    ordinal   INTEGER NOT NULL,  -- the order given at registration, from 0
    uri       TEXT    NOT NULL,  -- exactly as registered
    PRIMARY KEY (client_id, kind, ordinal),
    UNIQUE (client_id, kind, uri)
);
