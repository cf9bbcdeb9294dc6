-- An operator can disable a user: a disabled user cannot log in, and loses its sessions.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;  -- epoch milliseconds; NULL while enabled
