-- The API keys of the admin API (issue 18), made from the command line (admin-key add NAME). A key
-- is 256 random bits behind the bvadm_ prefix, shown once; only its SHA-256 is kept, as for session
-- tokens: a key of that entropy needs no slow hash, and a request's key is found by its hash, so
-- no comparison depends on how much of a wrong key is right. Times are epoch milliseconds.
-- The same schema as db/migration/sqlite, in PostgreSQL's types.
CREATE TABLE admin_keys (
    name         TEXT    PRIMARY KEY,      -- the operator's name for it, shown in the audit trail
    key_hash     TEXT    NOT NULL UNIQUE,  -- lower-case hex SHA-256 of the whole key
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT                    -- NULL until a request uses it
);
