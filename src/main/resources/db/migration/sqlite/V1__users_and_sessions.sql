-- The original's user.py model, and one row per session instead of users.session_id.
-- Times are epoch milliseconds; tokens are stored only as SHA-256 hex digests.

CREATE TABLE users (
    id                     INTEGER PRIMARY KEY,
    email                  TEXT    NOT NULL,
    email_key              TEXT    NOT NULL,  -- the email case-folded by the service: unique
    hashed_password        TEXT    NOT NULL,  -- bcrypt
    reset_token            TEXT,              -- SHA-256 of the pending reset token
    reset_token_expires_at INTEGER,
    created_at             INTEGER NOT NULL
);

CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE UNIQUE INDEX users_reset_token ON users (reset_token);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);

CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_user_id ON sessions (user_id);
