-- Mail waiting to be sent: a transactional outbox. A row is written in the transaction of the change
-- that asks for the mail, and the dispatcher sends it later, retrying while the SMTP server is down.
-- There is no body column: a message is rendered when it is sent, so a reset token, issued at that
-- moment, never rests here in clear.
-- Times are epoch milliseconds, BIGINT so the same statements suit PostgreSQL.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,            -- what to render, e.g. 'password_reset'
    recipient       TEXT    NOT NULL,            -- the address the message goes to
    created_at      BIGINT  NOT NULL,
    next_attempt_at BIGINT  NOT NULL,            -- not sent before this time
    attempts        INTEGER NOT NULL DEFAULT 0,  -- failed attempts so far
    claimed_until   BIGINT,                      -- a dispatcher's lease: no other sends it before
    sent_at         BIGINT,                      -- set once sent
    dropped_at      BIGINT,                      -- set once given up: nothing to send, or too many failures
    last_error      TEXT,                        -- why the last attempt failed, or why it was dropped
    CHECK (sent_at IS NULL OR dropped_at IS NULL)
);

-- The rows still to send, by due time: what the dispatcher looks for on every poll.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND dropped_at IS NULL;
