-- A user's id is never given again after the user is deleted: with a plain INTEGER PRIMARY KEY,
-- SQLite hands out max(id) + 1, so deleting the newest user (carol, id 3) gave her id to the next
-- one (dave, id 3), and audit lines mixed two people. AUTOINCREMENT keeps the highest id ever used
-- in sqlite_sequence. PostgreSQL's identity column never reused ids: its V9 does nothing.
--
-- SQLite cannot change a column's definition in place: the table is rebuilt as its documentation
-- says (https://sqlite.org/lang_altertable.html#otheralter), with foreign keys off so that the
-- old table's drop neither cascades to sessions, totp, recovery_codes... nor rewrites their
-- REFERENCES users (id). PRAGMA foreign_keys is ignored inside a transaction, hence this script
-- runs outside Flyway's (see its .conf) and opens its own, a savepoint (Flyway reads BEGIN as a
-- trigger's). Every row keeps its id.
-- INSERT ... SELECT * fails, rather than losing data, if users has a column not listed here.

PRAGMA foreign_keys = OFF;

SAVEPOINT users_v9;

CREATE TABLE users_v9 (
    id                            INTEGER PRIMARY KEY AUTOINCREMENT,
    email                         TEXT    NOT NULL,
    email_key                     TEXT    NOT NULL,
    hashed_password               TEXT    NOT NULL,
    reset_token                   TEXT,
    reset_token_expires_at        INTEGER,
    created_at                    INTEGER NOT NULL,
    disabled_at                   INTEGER,
    email_verified_at             INTEGER,
    verification_token            TEXT,
    verification_token_expires_at INTEGER
);

INSERT INTO users_v9 SELECT * FROM users;

DROP TABLE users;

ALTER TABLE users_v9 RENAME TO users;

CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE UNIQUE INDEX users_reset_token ON users (reset_token);
CREATE UNIQUE INDEX users_verification_token ON users (verification_token);

RELEASE users_v9;

PRAGMA foreign_keys = ON;
