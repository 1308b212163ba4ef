-- Notices and how people want them (src/domain/notices/, migration 0029,
-- docs/NOTIFICATIONS.md).

-- A user's mail settings: 0 email, 1 pref, 2 lang, 3 seen_id.
-- name: notices_settings_get
SELECT email, pref, lang, seen_id FROM user_notify WHERE user_id = ?;

-- name: notices_settings_put
INSERT INTO user_notify (user_id, email, pref, lang, seen_id, updated_at)
VALUES (?, ?, ?, ?, 0, ?)
ON CONFLICT (user_id) DO UPDATE SET email = excluded.email,
    pref = excluded.pref, lang = excluded.lang,
    updated_at = excluded.updated_at;

-- The newest notice the user has seen on the home page (only forward).
-- name: notices_seen_put
INSERT INTO user_notify (user_id, email, pref, lang, seen_id, updated_at)
VALUES (?, NULL, 'digest', 'vi', ?, ?)
ON CONFLICT (user_id) DO UPDATE SET seen_id = excluded.seen_id
WHERE user_notify.seen_id < excluded.seen_id;

-- Where the sweep over the users stopped.
-- name: notices_sweep_get
SELECT next_user FROM notice_sweep WHERE id = 1;
-- name: notices_sweep_put
INSERT INTO notice_sweep (id, next_user, swept_at) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET next_user = excluded.next_user,
    swept_at = excluded.swept_at;

-- The next batch of active staff users from a user id on (producers and
-- buyers get no notices: their work is on the market's own pages):
-- 0 id, 1 email, 2 pref, 3 lang (NULL: no settings yet).
-- name: notices_sweep_users
SELECT u.id, n.email, n.pref, n.lang
FROM app_user u LEFT JOIN user_notify n ON n.user_id = u.id
WHERE u.id >= ? AND u.disabled = 0 AND EXISTS (SELECT 1 FROM user_role r
    WHERE r.user_id = u.id AND r.role NOT IN ('producer', 'buyer'))
ORDER BY u.id LIMIT ?;

-- A user's open notices: 0 id, 1 nkey, 2 kind.
-- name: notices_open_of
SELECT id, nkey, kind FROM notice
WHERE user_id = ? AND resolved_at IS NULL ORDER BY id;

-- A notice found: a new row, or nothing when its key is known (RETURNING
-- gives no row then).
-- name: notices_insert
INSERT INTO notice (user_id, nkey, kind, href, title, label, detail, urgent,
    found_on, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (user_id, nkey) DO NOTHING RETURNING id;

-- A known notice back in the inbox after it was resolved: open again,
-- never mailed again.
-- name: notices_reopen
UPDATE notice SET resolved_at = NULL
WHERE user_id = ? AND nkey = ? AND resolved_at IS NOT NULL;

-- name: notices_resolve
UPDATE notice SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL;

-- A user's notices for the home page, open first then newest:
-- 0 id, 1 kind, 2 href, 3 title, 4 label, 5 detail, 6 urgent,
-- 7 created_at, 8 resolved_at.
-- name: notices_list
SELECT id, kind, href, title, label, detail, urgent, created_at, resolved_at
FROM notice WHERE user_id = ?
ORDER BY CASE WHEN resolved_at IS NULL THEN 0 ELSE 1 END, id DESC LIMIT ?;

-- One notice (the immediate mail), same columns as notices_list plus
-- 9 user_id, 10 found_on.
-- name: notices_get
SELECT id, kind, href, title, label, detail, urgent, created_at,
    resolved_at, user_id, found_on
FROM notice WHERE id = ?;

-- The notices of a user found on a day (the digest), oldest first.
-- name: notices_of_day
SELECT id, kind, href, title, label, detail, urgent, created_at, resolved_at
FROM notice WHERE user_id = ? AND found_on = ? ORDER BY id;

-- The user's name for the mail's greeting: 0 full_name.
-- name: notices_user_name
SELECT full_name FROM app_user WHERE id = ?;
