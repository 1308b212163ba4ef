-- Webhook subscriptions (src/domain/webhooks/; migration 0028).  Columns
-- of a subscription wherever one is read whole:
--   0 id, 1 owner_id, 2 structure, 3 code, 4 url, 5 kinds, 6 state,
--   7 feed_cursor, 8 created_at, 9 last_delivered_at, 10 last_failure,
--   11 last_failure_at, 12 unit full name, 13 owner's username

-- name: webhooks_insert
INSERT INTO webhook_sub (owner_id, structure, code, url, kinds, state,
    secret, feed_cursor, created_at)
VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id;

-- name: webhooks_get
SELECT s.id, s.owner_id, s.structure, s.code, s.url, s.kinds, s.state,
    s.feed_cursor, s.created_at, s.last_delivered_at, s.last_failure,
    s.last_failure_at, u.full_name, au.username
FROM webhook_sub s
JOIN unit u ON u.structure = s.structure AND u.code = s.code
JOIN app_user au ON au.id = s.owner_id
WHERE s.id = ?;

-- A caller's own subscriptions, newest first.
-- name: webhooks_of_owner
SELECT s.id, s.owner_id, s.structure, s.code, s.url, s.kinds, s.state,
    s.feed_cursor, s.created_at, s.last_delivered_at, s.last_failure,
    s.last_failure_at, u.full_name, au.username
FROM webhook_sub s
JOIN unit u ON u.structure = s.structure AND u.code = s.code
JOIN app_user au ON au.id = s.owner_id
WHERE s.owner_id = ?
ORDER BY s.id DESC LIMIT ? OFFSET ?;

-- name: webhooks_count_of_owner
SELECT COUNT(*) FROM webhook_sub WHERE owner_id = ?;

-- The unit of a subscription and its owner: what the router's scope and
-- the owner rule need.
-- name: webhooks_unit_of
SELECT structure, code, owner_id FROM webhook_sub WHERE id = ?;

-- The fan-out's work list: active subscriptions after an id.
-- name: webhooks_active_after
SELECT id, owner_id, structure, code, kinds, feed_cursor FROM webhook_sub
WHERE state = 'active' AND id > ? ORDER BY id LIMIT ?;

-- The cursor moves only forward (two senders fanning out the same
-- subscription: the second's rows are the same keys, ignored).
-- name: webhooks_cursor_set
UPDATE webhook_sub SET feed_cursor = ? WHERE id = ? AND feed_cursor < ?;

-- What the channel needs to sign and send.
-- name: webhooks_sign_key
SELECT url, secret FROM webhook_sub WHERE id = ?;

-- name: webhooks_set_state
UPDATE webhook_sub SET state = ? WHERE id = ?;

-- name: webhooks_set_secret
UPDATE webhook_sub SET secret = ? WHERE id = ?;

-- name: webhooks_delete
DELETE FROM webhook_sub WHERE id = ?;

-- name: webhooks_note_failure
UPDATE webhook_sub SET last_failure = ?, last_failure_at = ? WHERE id = ?;

-- name: webhooks_note_delivered
UPDATE webhook_sub SET last_delivered_at = ? WHERE id = ?;

-- Where a new subscription starts: the newest entry of the audit chain,
-- whose seq is the feed's cursor (changes.h): only later changes are sent.
-- name: webhooks_feed_head
SELECT COALESCE(MAX(seq), 0) FROM audit_log;

-- A subscription's deliveries in the outbox (its index outbox_by_target),
-- newest first.  Columns: 0 id, 1 state, 2 attempts, 3 next_at (unix s),
-- 4 last_error, 5 created_at, 6 sent_at, 7 payload.  Binds: target, limit.
-- name: webhooks_deliveries_recent
SELECT id, state, attempts, next_at, last_error, created_at, sent_at, payload
FROM outbox WHERE channel = 'webhook' AND target = ?
ORDER BY id DESC LIMIT ?;

-- Failed at least once and still being retried.
-- name: webhooks_deliveries_failing
SELECT id, state, attempts, next_at, last_error, created_at, sent_at, payload
FROM outbox
WHERE channel = 'webhook' AND target = ? AND state = 'queued' AND attempts > 0
ORDER BY id DESC LIMIT ?;

-- Given up: waiting for someone to send them again.
-- name: webhooks_deliveries_parked
SELECT id, state, attempts, next_at, last_error, created_at, sent_at, payload
FROM outbox
WHERE channel = 'webhook' AND target = ? AND state = 'parked'
ORDER BY id DESC LIMIT ?;

-- Whose delivery an outbox row is (the retry button checks it).
-- name: webhooks_delivery_target
SELECT target FROM outbox WHERE id = ? AND channel = 'webhook';

-- The owner's subscriptions in trouble, for the home: counts of
-- deliveries failing and parked.  Binds: owner.
-- name: webhooks_troubled
SELECT s.id, s.url, u.full_name,
    SUM(CASE WHEN o.state = 'queued' AND o.attempts > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN o.state = 'parked' THEN 1 ELSE 0 END)
FROM webhook_sub s
JOIN unit u ON u.structure = s.structure AND u.code = s.code
JOIN outbox o ON o.channel = 'webhook' AND o.target = s.id
    AND o.state <> 'sent'
WHERE s.owner_id = ?
GROUP BY s.id, s.url, u.full_name
HAVING SUM(CASE WHEN o.state = 'parked' OR o.attempts > 0 THEN 1 ELSE 0 END) > 0
ORDER BY s.id;
