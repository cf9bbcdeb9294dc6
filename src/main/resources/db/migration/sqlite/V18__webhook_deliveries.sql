-- Webhook deliveries waiting to be made (issue 18): a transactional outbox, as for mail. A row per
-- event and endpoint is written in the transaction of the change the event reports, so an event
-- exists if and only if its change committed. The dispatcher posts it, retrying with backoff, and
-- delivers the rows of one endpoint for one user in the order of their ids: a row waits while an
-- older one for the same endpoint and user is still pending. After the last retry the row is kept
-- as failed, to be listed and sent again from the command line.
-- The payload is the JSON body as the receivers get it: a user's public id and email, never a
-- secret. Times are epoch milliseconds.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     TEXT    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id      TEXT    NOT NULL,            -- the webhook-id, the same for every endpoint
    event_type      TEXT    NOT NULL,            -- e.g. 'user.created'
    user_key        TEXT    NOT NULL,            -- whose change: the order is kept per user
    payload         TEXT    NOT NULL,            -- the JSON body
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,            -- not sent before this time
    attempts        INTEGER NOT NULL DEFAULT 0,  -- failed attempts so far
    claimed_until   INTEGER,                     -- a dispatcher's lease: no other sends it before
    delivered_at    INTEGER,                     -- set once the receiver answered 2xx
    failed_at       INTEGER,                     -- set once given up after the last retry
    last_error      TEXT,                        -- why the last attempt failed
    CHECK (delivered_at IS NULL OR failed_at IS NULL),
    UNIQUE (endpoint_id, message_id)
);

-- The rows still to deliver, by due time, and by endpoint and user for the ordering check.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (endpoint_id, user_key, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (failed_at) WHERE failed_at IS NOT NULL;
