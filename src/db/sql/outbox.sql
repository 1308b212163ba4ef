-- The durable outbox (src/domain/outbox/outbox.c).  Rows of an item, in
-- this order, wherever a statement returns items:
--   0 id, 1 channel, 2 key, 3 target, 4 payload, 5 attempts, 6 created_at,
--   7 first_attempt_at (unix seconds, NULL: never tried)

-- Queue an item; nothing when (channel, key) is already queued (the
-- caller reads db_changes to know which).
-- name: outbox_put
INSERT INTO outbox (channel, key, target, payload, state, attempts, next_at,
    claimed_until, created_at)
VALUES (?, ?, ?, ?, 'queued', 0, ?, 0, ?)
ON CONFLICT (channel, key) DO NOTHING;

-- Is anything due?  Read outside a transaction, so an idle sender never
-- takes the write lock.  Binds: now, now.
-- name: outbox_any_due
SELECT id FROM outbox
WHERE state = 'queued' AND next_at <= ? AND claimed_until <= ?
ORDER BY state, next_at, id
LIMIT 1;

-- The due items, oldest first.  Binds: now, now, limit.
-- name: outbox_due
SELECT id, channel, key, target, payload, attempts, created_at,
    first_attempt_at
FROM outbox
WHERE state = 'queued' AND next_at <= ? AND claimed_until <= ?
ORDER BY state, next_at, id
LIMIT ?;

-- A claim: no other sender takes the item until the lease ends.
-- name: outbox_claim
UPDATE outbox SET claimed_until = ? WHERE id = ? AND state = 'queued';

-- A channel that cannot send now: look again later, no attempt counted.
-- Binds: next_at, id.
-- name: outbox_defer
UPDATE outbox SET next_at = ? WHERE id = ? AND state = 'queued';

-- Delivered.  Binds: sent_at (ISO), now, id.
-- name: outbox_delivered
UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?,
    claimed_until = 0, last_error = NULL,
    first_attempt_at = COALESCE(first_attempt_at, ?)
WHERE id = ?;

-- A failed attempt.  Binds: state ('queued' to retry, 'parked'), next_at,
-- last_error, now, id.
-- name: outbox_failed
UPDATE outbox SET state = ?, attempts = attempts + 1, next_at = ?,
    claimed_until = 0, last_error = ?,
    first_attempt_at = COALESCE(first_attempt_at, ?)
WHERE id = ?;

-- Send a parked or waiting item again now, with a new day of retries.
-- Binds: now, id.
-- name: outbox_retry
UPDATE outbox SET state = 'queued', next_at = ?, claimed_until = 0,
    first_attempt_at = NULL
WHERE id = ? AND state <> 'sent';
