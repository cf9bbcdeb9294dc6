-- What a user sees of their own sessions (GET /sessions): a public id that is neither the row id
-- nor the token nor its hash, and where the session was opened from.
ALTER TABLE sessions ADD COLUMN public_id  TEXT;  -- 128 random bits, base64url; unique
ALTER TABLE sessions ADD COLUMN user_agent TEXT;  -- the login's User-Agent, shortened; NULL if none
ALTER TABLE sessions ADD COLUMN client_ip  TEXT;  -- the login's client address; NULL if unknown

-- Sessions opened before this migration get a random public id of their own.
UPDATE sessions SET public_id = replace(gen_random_uuid()::text, '-', '') WHERE public_id IS NULL;

ALTER TABLE sessions ALTER COLUMN public_id SET NOT NULL;
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);
