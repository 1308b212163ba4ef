-- The change feed (src/domain/changes/changes.c).

-- name: changes_insert
INSERT INTO changes (seq, kind, action, structure, code, record_id, at, href)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- One slice of the feed after a cursor, oldest first, with the unit's
-- name: the reader filters kinds and scope, and asks again from the last
-- seq it examined.  Columns: 0 seq, 1 kind, 2 action, 3 structure,
-- 4 code, 5 record_id, 6 at, 7 href, 8 unit full name.
-- name: changes_after
SELECT c.seq, c.kind, c.action, c.structure, c.code, c.record_id, c.at,
    c.href, u.full_name
FROM changes c
LEFT JOIN unit u ON u.structure = c.structure AND u.code = c.code
WHERE c.seq > ?
ORDER BY c.seq
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
