-- Webhook subscriptions (src/domain/webhooks/, docs/EXCHANGE.md section
-- 4): a coordinator or province officer (owner_id) asks that every change
-- of the feed of some kinds inside a unit (structure, code) be POSTed,
-- signed with the subscription's secret, to url.  feed_cursor is the feed's
-- seq up to which changes were queued in the outbox (advanced in the same
-- transaction as the outbox rows).  The secret is kept so the server can
-- sign (HMAC needs the key itself); it is shown to the owner once.
-- last_failure / last_failure_at: the newest failed attempt, for the list.
-- Portable SQL (SQLite); the PostgreSQL twin differs in ids and collations.
CREATE TABLE webhook_sub (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES app_user (id),
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    url TEXT NOT NULL,
    kinds TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('active', 'paused')),
    secret TEXT NOT NULL,
    feed_cursor INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_delivered_at TEXT,
    last_failure TEXT,
    last_failure_at TEXT,
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX webhook_sub_by_owner ON webhook_sub (owner_id, id);
CREATE INDEX webhook_sub_by_state ON webhook_sub (state, id);
