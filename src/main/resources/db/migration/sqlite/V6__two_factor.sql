-- Two-factor login (TOTP, RFC 6238) and its single-use recovery codes.
-- The TOTP secret must be read back to check codes, so it cannot be hashed: it is stored as the
-- Base32 text authenticator apps take. Recovery codes are stored only as SHA-256 hashes.

CREATE TABLE totp (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT    NOT NULL,  -- Base32, 160 random bits
    created_at   INTEGER NOT NULL,  -- when enrolment began
    confirmed_at INTEGER,           -- NULL while enrolment is pending: logins do not ask for codes
    last_step    INTEGER            -- the last time step whose code was accepted: never again
);

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL,  -- SHA-256 of the normalised code
    used_at   INTEGER            -- set once used: a code works once
);

CREATE INDEX recovery_codes_user_id ON recovery_codes (user_id);
