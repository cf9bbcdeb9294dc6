-- Failed logins, counted in the database so that every instance sees the same counts.
-- One row per counter: an account from one client address, one client address, one account.
-- The key is a SHA-256, so the table holds no email address or IP in clear.

CREATE TABLE login_throttle (
    throttle_key TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start BIGINT  NOT NULL  -- epoch milliseconds of the first failure counted
);

CREATE INDEX login_throttle_window_start ON login_throttle (window_start);
