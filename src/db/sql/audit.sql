-- The audit trail (src/domain/audit).  Columns of an entry, in this order,
-- wherever a statement returns entries:
--   0 seq, 1 at, 2 user_id, 3 username, 4 role, 5 actor_structure,
--   6 actor_unit_code, 7 action, 8 object, 9 structure, 10 unit_code,
--   11 before_summary, 12 after_summary, 13 prev_hash, 14 hash

-- The end of the chain, read inside the appending transaction.
-- name: audit_last
SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;

-- name: audit_insert
INSERT INTO audit_log (seq, at, user_id, username, role, actor_structure,
    actor_unit_code, action, object, structure, unit_code, before_summary,
    after_summary, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The chain from an entry on (1: the whole chain) for audit_walk.
-- name: audit_from_in_order
SELECT seq, at, user_id, username, role, actor_structure, actor_unit_code,
    action, object, structure, unit_code, before_summary, after_summary,
    prev_hash, hash
FROM audit_log
WHERE seq >= ?
ORDER BY seq;

-- Entries at or after a time, newest first (audit_list binds '' for no
-- bound: every ISO 8601 time sorts after it).  Visibility and paging are
-- applied by the caller, which must see every row to count the total.
-- name: audit_since_newest_first
SELECT seq, at, user_id, username, role, actor_structure, actor_unit_code,
    action, object, structure, unit_code, before_summary, after_summary,
    prev_hash, hash
FROM audit_log
WHERE at >= ?
ORDER BY at DESC, seq DESC;

-- Signed checkpoints of the chain's head (audit_checkpoint.c).  Columns:
--   0 seq, 1 head, 2 at, 3 public_key, 4 signature
-- name: audit_checkpoint_insert
INSERT INTO audit_checkpoint (seq, head, at, public_key, signature)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (public_key, seq, at) DO NOTHING;

-- The newest checkpoint of one key: where the next one's walk starts.
-- name: audit_checkpoint_last_of_key
SELECT seq, head, at, public_key, signature
FROM audit_checkpoint
WHERE public_key = ?
ORDER BY seq DESC, at DESC
LIMIT 1;

-- name: audit_checkpoint_all
SELECT seq, head, at, public_key, signature
FROM audit_checkpoint
ORDER BY seq, at, public_key;
