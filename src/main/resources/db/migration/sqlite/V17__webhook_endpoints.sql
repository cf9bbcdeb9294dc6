-- The receivers of webhooks (issue 18), registered from the command line. Each has its own
-- signing secret (Standard Webhooks' whsec_ form), sealed by the secrets key (SecretBox, a compact
-- JWE for the context webhook-endpoint:<id>): the deliveries sign with it, so it is kept sealed,
-- not hashed, and opens only with the key kept outside the database. events is a space-separated
-- list of event names, or NULL for every event. Times are epoch milliseconds.
CREATE TABLE webhook_endpoints (
    id                TEXT    PRIMARY KEY,  -- a random public id, named on the command line
    url               TEXT    NOT NULL,
    events            TEXT,                 -- NULL: every event
    secret            TEXT    NOT NULL,     -- the whsec_ secret, sealed
    created_at        INTEGER NOT NULL,
    secret_rotated_at INTEGER NOT NULL
);
