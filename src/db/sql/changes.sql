-- The change feed (src/domain/changes/changes.c).

-- name: changes_insert
INSERT INTO changes (seq, kind, action, structure, code, record_id, at, href,
    unit_name, unit_path, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: changes_unit_name
SELECT full_name, parent_code FROM unit WHERE structure = ? AND code = ?;

-- One slice of the feed after a cursor, oldest first: the reader filters
-- kinds and scope, and asks again from the last seq it examined.  The
-- primary key alone, no join.  Columns: 0 seq, 1 kind, 2 action,
-- 3 structure, 4 code, 5 record_id, 6 at, 7 href, 8 unit_name, 9 body,
-- 10 unit_path.
-- name: changes_after
SELECT seq, kind, action, structure, code, record_id, at, href, unit_name,
    body, unit_path
FROM changes
WHERE seq > ?
ORDER BY seq
LIMIT ?;

-- What the link of a change needs and its audit entry does not carry.
-- name: changes_report_of
SELECT form_id, period FROM rep_report WHERE id = ?;

-- name: changes_certificate_code
SELECT code FROM ocop_certificate WHERE id = ?;

-- name: changes_campaign_survey
SELECT survey_id FROM survey_campaign WHERE id = ?;

-- name: changes_any_after
SELECT seq FROM changes WHERE seq > ? ORDER BY seq LIMIT 1;
