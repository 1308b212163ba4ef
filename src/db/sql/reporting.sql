-- Planning and progress reporting: form versions (src/domain/reporting/
-- rep_store.c, through domain/docstore).

-- name: rep_form_insert
INSERT INTO rep_form (form_id, version, document, sha256, change_note,
    created_at, created_by, title, period_type)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Versions of one form, newest first.
-- name: rep_form_versions
SELECT version, sha256, change_note, created_at
FROM rep_form WHERE form_id = ? ORDER BY version DESC;

-- name: rep_form_document
SELECT document, sha256 FROM rep_form WHERE form_id = ? AND version = ?;

-- The newest version of every form: id, version, created_at, versions.
-- name: rep_form_newest
SELECT f.form_id, f.version, f.created_at,
    (SELECT COUNT(*) FROM rep_form v WHERE v.form_id = f.form_id)
FROM rep_form f
WHERE f.version = (SELECT MAX(m.version) FROM rep_form m
        WHERE m.form_id = f.form_id)
ORDER BY f.form_id;
