-- Login by a code sent by e-mail (issue 17). One row per user: the live code, if any, and the
-- wrong codes tried for the address, which outlive the code they were tried against. A code is 8
-- random digits, stored only as a keyed hash, HMAC-SHA256 under a key derived from the secrets
-- key, which is kept outside the database: a plain SHA-256 of one of 10^8 codes is reversed in
-- a second by anyone reading this table; the keyed one cannot be without the key. Issuing a code
-- replaces the row's code, so a new code voids the older one. Using a code is one
-- compare-and-set that clears it. Times are epoch milliseconds. V15 is another branch's: Flyway
-- accepts the gap.
CREATE TABLE email_login_codes (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code_hash   TEXT,               -- base64url HMAC-SHA256 of the code; NULL once used
    key_id      TEXT    NOT NULL,   -- the id of the secrets key the HMAC key was derived from
    expires_at  INTEGER NOT NULL,
    wrong_tries INTEGER NOT NULL DEFAULT 0,  -- wrong codes since wrong_since, over every code
    wrong_since INTEGER             -- when the first of those wrong codes was tried
);
