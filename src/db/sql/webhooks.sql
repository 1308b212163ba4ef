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
