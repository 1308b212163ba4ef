-- Pilot models (src/domain/pilots/, schema 0024_pilots).

-- name: pilots_insert
INSERT INTO pilot (structure, code, province_code, kind, status, title,
    deployed, cost_vnd, funding, start_date, review_date, resp_unit,
    resp_person, worked, not_worked, advice, search_key, created_at,
    created_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: pilots_update
UPDATE pilot SET structure = ?, code = ?, province_code = ?, kind = ?,
    status = ?, title = ?, deployed = ?, cost_vnd = ?, funding = ?,
    start_date = ?, review_date = ?, resp_unit = ?, resp_person = ?,
    worked = ?, not_worked = ?, advice = ?, search_key = ?, updated_at = ?
WHERE id = ?;

-- name: pilots_unit_of
SELECT structure, code FROM pilot WHERE id = ?;

-- name: pilots_get
SELECT p.id, p.structure, p.code, p.province_code, p.kind, p.status,
    p.title, p.deployed, p.cost_vnd, p.funding, p.start_date,
    p.review_date, p.resp_unit, p.resp_person, p.worked, p.not_worked,
    p.advice, p.created_at, p.updated_at, u.full_name, pr.full_name
FROM pilot p
JOIN unit u ON u.structure = p.structure AND u.code = p.code
LEFT JOIN unit pr ON pr.structure = p.structure AND pr.code = p.province_code
WHERE p.id = ?;

-- The register's rows, filtered in the database by province, kind and
-- status (? IS NULL: any); the words of a search are matched against
-- search_key by the caller.
-- name: pilots_list
SELECT p.id, p.structure, p.code, p.province_code, p.kind, p.status,
    p.title, p.deployed, p.cost_vnd, p.funding, p.start_date,
    p.review_date, p.resp_unit, p.resp_person, p.worked, p.not_worked,
    p.advice, p.created_at, p.updated_at, u.full_name, pr.full_name,
    p.search_key
FROM pilot p
JOIN unit u ON u.structure = p.structure AND u.code = p.code
LEFT JOIN unit pr ON pr.structure = p.structure AND pr.code = p.province_code
WHERE (CAST(? AS TEXT) IS NULL OR p.province_code = ?)
  AND (CAST(? AS TEXT) IS NULL OR p.kind = ?)
  AND (CAST(? AS TEXT) IS NULL OR p.status = ?)
ORDER BY p.start_date DESC, p.id DESC;

-- name: pilots_note_insert
INSERT INTO pilot_note (pilot_id, note_date, body, created_at, created_by)
VALUES (?, ?, ?, ?, ?) RETURNING id;

-- name: pilots_note_count
SELECT COUNT(*) FROM pilot_note WHERE pilot_id = ?;

-- name: pilots_notes_of
SELECT n.id, n.note_date, n.body, n.created_at, u.full_name
FROM pilot_note n LEFT JOIN app_user u ON u.id = n.created_by
WHERE n.pilot_id = ? ORDER BY n.note_date, n.id;

-- name: pilots_note_of_pilot
SELECT COUNT(*) FROM pilot_note WHERE id = ? AND pilot_id = ?;

-- The bytes are stored once per SHA-256 (like dossier attachments).
-- name: pilots_blob_insert
INSERT INTO attachment_blob (sha256, size, data) VALUES (?, ?, ?)
ON CONFLICT (sha256) DO NOTHING;

-- name: pilots_photo_insert
INSERT INTO pilot_photo (note_id, filename, mime, size, sha256, created_at)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id;

-- name: pilots_photo_count
SELECT COUNT(*) FROM pilot_photo WHERE note_id = ?;

-- name: pilots_photos_of
SELECT ph.id, ph.note_id, ph.filename, ph.mime, ph.size
FROM pilot_photo ph JOIN pilot_note n ON n.id = ph.note_id
WHERE n.pilot_id = ? ORDER BY ph.id;

-- name: pilots_photo_get
SELECT ph.mime, ph.sha256, b.data
FROM pilot_photo ph
JOIN pilot_note n ON n.id = ph.note_id
JOIN attachment_blob b ON b.sha256 = ph.sha256
WHERE ph.id = ? AND n.pilot_id = ?;

-- name: pilots_indicators_clear
DELETE FROM pilot_indicator WHERE pilot_id = ?;

-- name: pilots_indicator_insert
INSERT INTO pilot_indicator (pilot_id, position, name, unit, before_value,
    before_date, after_value, after_date, dx_indicator)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: pilots_indicators_of
SELECT position, name, unit, before_value, before_date, after_value,
    after_date, dx_indicator
FROM pilot_indicator WHERE pilot_id = ? ORDER BY position;
