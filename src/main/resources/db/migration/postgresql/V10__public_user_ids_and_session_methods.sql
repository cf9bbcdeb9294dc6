-- What an app learns of who is logged in (GET /sessions/whoami): a public id for each user that is
-- not the row id and never changes, and how each session was authenticated.
ALTER TABLE users ADD COLUMN public_id TEXT;      -- 128 random bits, hex; unique, never changed
ALTER TABLE sessions ADD COLUMN amr TEXT;         -- the methods of its login, space-separated (RFC 8176)

-- Users registered before this migration get a random public id of their own; their sessions
-- were opened with a password.
UPDATE users SET public_id = replace(gen_random_uuid()::text, '-', '') WHERE public_id IS NULL;
UPDATE sessions SET amr = 'pwd' WHERE amr IS NULL;

ALTER TABLE users ALTER COLUMN public_id SET NOT NULL;
ALTER TABLE sessions ALTER COLUMN amr SET NOT NULL;
CREATE UNIQUE INDEX users_public_id ON users (public_id);
