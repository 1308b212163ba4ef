-- The durable outbox (src/domain/outbox/, docs/EXCHANGE.md section 7):
-- everything the platform sends out - a webhook's signed POST, an e-mail -
-- is a row here first, written in the transaction that caused it, then
-- delivered by the sender of `ntm serve` and retried until delivered or
-- parked.  (channel, key) is unique: the same notice or the same change's
-- delivery queued twice is one row.  Times the sender compares are unix
-- seconds (next_at, claimed_until, first_attempt_at); the ones people read
-- are ISO 8601 UTC.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    key TEXT NOT NULL,
    target INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sent', 'parked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    first_attempt_at INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (channel, key)
);
-- The sender's question: what is queued and due, oldest first.
CREATE INDEX outbox_due ON outbox (state, next_at, id);
-- The deliveries page: one subscription's (one user's) items, newest first.
CREATE INDEX outbox_by_target ON outbox (channel, target, id);
