-- OCOP scorecard versions (src/domain/ocop/ocop_scorecard_store.c,
-- through domain/docstore).

-- name: ocop_scorecard_insert
INSERT INTO ocop_scorecard (scorecard_id, version, document, sha256,
    change_note, created_at, created_by, title, decision)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Versions of one scorecard, newest first.
-- name: ocop_scorecard_versions
SELECT version, sha256, change_note, created_at
FROM ocop_scorecard WHERE scorecard_id = ? ORDER BY version DESC;

-- name: ocop_scorecard_document
SELECT document, sha256 FROM ocop_scorecard
WHERE scorecard_id = ? AND version = ?;

-- The newest version of every scorecard: id, version, created_at,
-- versions.
-- name: ocop_scorecard_newest
SELECT s.scorecard_id, s.version, s.created_at,
    (SELECT COUNT(*) FROM ocop_scorecard v
        WHERE v.scorecard_id = s.scorecard_id)
FROM ocop_scorecard s
WHERE s.version = (SELECT MAX(m.version) FROM ocop_scorecard m
        WHERE m.scorecard_id = s.scorecard_id)
ORDER BY s.scorecard_id;
