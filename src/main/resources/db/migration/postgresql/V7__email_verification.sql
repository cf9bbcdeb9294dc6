-- E-mail verification (production, --require-verified-email): when the address was proved to be
-- the user's, and the single-use token of the link mailed to prove it, stored only as a SHA-256
-- hash, with its expiry. Times are epoch milliseconds.
ALTER TABLE users ADD COLUMN email_verified_at             BIGINT;   -- NULL until verified
ALTER TABLE users ADD COLUMN verification_token            TEXT;     -- SHA-256 of the live token
ALTER TABLE users ADD COLUMN verification_token_expires_at BIGINT;

-- The users who exist now registered when no one asked them to verify: they count as verified,
-- as of their registration, so turning --require-verified-email on locks none of them out.
UPDATE users SET email_verified_at = created_at;

CREATE UNIQUE INDEX users_verification_token ON users (verification_token);

-- Requests for mail (reset links, new verification links), counted per email and per client
-- address like failed logins, in a table of their own: its window is not the logins' one.
CREATE TABLE mail_throttle (
    throttle_key TEXT    PRIMARY KEY,  -- SHA-256 of what is counted
    failures     INTEGER NOT NULL,     -- requests counted in the window
    window_start BIGINT  NOT NULL      -- epoch milliseconds of the first request counted
);

CREATE INDEX mail_throttle_window_start ON mail_throttle (window_start);
