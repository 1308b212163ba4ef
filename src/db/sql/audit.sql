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

-- The whole chain for audit_verify.
-- name: audit_all_in_order
SELECT seq, at, user_id, username, role, actor_structure, actor_unit_code,
    action, object, structure, unit_code, before_summary, after_summary,
    prev_hash, hash
FROM audit_log
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
