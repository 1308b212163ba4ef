-- Recognition dossiers, attachments, appraisals, comments, council votes
-- and the titles they grant or end (src/domain/dossiers/dos_*.c).  The
-- workflow instance of a dossier is the engine's (workflow.sql); these
-- statements join it where a list needs the state.

-- name: dos_insert
INSERT INTO dossier (kind, instance_id, structure, code, set_id, year, title,
    campaign_id, revokes, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- The open dossier of a unit for a title and kind, if any.
-- name: dos_open_of
SELECT id FROM dossier
WHERE structure = ? AND code = ? AND title = ? AND kind = ? AND is_open = 1
ORDER BY id LIMIT 1;

-- Columns of a dossier wherever one is read whole:
--   0 id, 1 kind, 2 instance_id, 3 structure, 4 code, 5 set_id, 6 year,
--   7 title, 8 campaign_id, 9 snapshot, 10 snapshot_version,
--   11 snapshot_at, 12 satisfaction, 13 justification, 14 council_round,
--   15 decision_no, 16 decision_date, 17 decision_signer, 18 revokes,
--   19 is_open, 20 created_at, 21 creator's username, 22 unit full name,
--   23 unit level, 24 unit parent name.
-- name: dos_get
SELECT d.id, d.kind, d.instance_id, d.structure, d.code, d.set_id, d.year,
    d.title, d.campaign_id, d.snapshot, d.snapshot_version, d.snapshot_at,
    d.satisfaction, d.justification, d.council_round, d.decision_no,
    d.decision_date, d.decision_signer, d.revokes, d.is_open, d.created_at,
    au.username, u.full_name, u.level, pu.full_name
FROM dossier d
JOIN unit u ON u.structure = d.structure AND u.code = d.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
LEFT JOIN app_user au ON au.id = d.created_by
WHERE d.id = ?;

-- The unit of a dossier: what the router's scope rule needs.
-- name: dos_unit_of
SELECT structure, code FROM dossier WHERE id = ?;

-- name: dos_set_campaign
UPDATE dossier SET campaign_id = ? WHERE id = ?;

-- name: dos_set_justification
UPDATE dossier SET justification = ? WHERE id = ?;

-- name: dos_freeze
UPDATE dossier SET snapshot = ?, snapshot_version = ?, snapshot_at = ?,
    satisfaction = ?
WHERE id = ?;

-- name: dos_round_next
UPDATE dossier SET council_round = council_round + 1 WHERE id = ?;

-- name: dos_set_decision
UPDATE dossier SET decision_no = ?, decision_date = ?, decision_signer = ?
WHERE id = ?;

-- name: dos_close
UPDATE dossier SET is_open = 0 WHERE id = ?;

-- ---- appraisal per criterion ----

-- name: dos_criterion_upsert
INSERT INTO dossier_criterion (dossier_id, criterion_id, appraisal,
    appraisal_note, appraised_by, appraised_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (dossier_id, criterion_id) DO UPDATE SET
    appraisal = excluded.appraisal, appraisal_note = excluded.appraisal_note,
    appraised_by = excluded.appraised_by, appraised_at = excluded.appraised_at;

-- name: dos_criteria_of
SELECT c.criterion_id, c.appraisal, c.appraisal_note, au.username,
    c.appraised_at
FROM dossier_criterion c
LEFT JOIN app_user au ON au.id = c.appraised_by
WHERE c.dossier_id = ? ORDER BY c.criterion_id;

-- ---- comments and return reasons ----

-- name: dos_comment_insert
INSERT INTO dossier_comment (dossier_id, criterion_id, kind, body, at,
    user_id, username)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: dos_comments_of
SELECT id, criterion_id, kind, body, at, username FROM dossier_comment
WHERE dossier_id = ? ORDER BY id;

-- ---- council votes ----

-- One vote per member and round: voting again replaces it.
-- name: dos_vote_upsert
INSERT INTO dossier_vote (dossier_id, round, user_id, username, vote,
    opinion, at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (dossier_id, round, user_id) DO UPDATE SET
    username = excluded.username, vote = excluded.vote,
    opinion = excluded.opinion, at = excluded.at;

-- name: dos_votes_of
SELECT username, vote, opinion, at FROM dossier_vote
WHERE dossier_id = ? AND round = ? ORDER BY at, username;

-- ---- attachments ----

-- The bytes are stored once per SHA-256.
-- name: dos_blob_insert
INSERT INTO attachment_blob (sha256, size, data) VALUES (?, ?, ?)
ON CONFLICT (sha256) DO NOTHING;

-- name: dos_attachment_insert
INSERT INTO dossier_attachment (dossier_id, kind, filename, mime, size,
    sha256, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: dos_attachments_of
SELECT a.id, a.kind, a.filename, a.mime, a.size, a.sha256, a.created_at,
    a.created_by, cu.username, a.removed_at, ru.username
FROM dossier_attachment a
LEFT JOIN app_user cu ON cu.id = a.created_by
LEFT JOIN app_user ru ON ru.id = a.removed_by
WHERE a.dossier_id = ? ORDER BY a.id;

-- name: dos_attachment_live_count
SELECT COUNT(*) FROM dossier_attachment
WHERE dossier_id = ? AND removed_at IS NULL;

-- name: dos_attachment_get
SELECT a.filename, a.mime, a.sha256, b.data, a.created_by, a.removed_at
FROM dossier_attachment a
JOIN attachment_blob b ON b.sha256 = a.sha256
WHERE a.id = ? AND a.dossier_id = ?;

-- name: dos_attachment_remove
UPDATE dossier_attachment SET removed_at = ?, removed_by = ?
WHERE id = ? AND dossier_id = ? AND removed_at IS NULL;

-- ---- titles ----

-- The title takes effect (again, after a revocation: the row is replaced).
-- name: dos_recognition_upsert
INSERT INTO unit_recognition (structure, code, set_id, year, decision_no,
    decision_date, title, decision_signer, dossier_id, revoked_at,
    revocation_no, revocation_dossier_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)
ON CONFLICT (structure, code, set_id) DO UPDATE SET
    year = excluded.year, decision_no = excluded.decision_no,
    decision_date = excluded.decision_date, title = excluded.title,
    decision_signer = excluded.decision_signer,
    dossier_id = excluded.dossier_id, revoked_at = NULL,
    revocation_no = NULL, revocation_dossier_id = NULL;

-- name: dos_recognition_revoke
UPDATE unit_recognition SET revoked_at = ?, revocation_no = ?,
    revocation_dossier_id = ?
WHERE structure = ? AND code = ? AND set_id = ? AND revoked_at IS NULL;

-- A title a unit holds now (newest first when several sets grant it).
-- name: dos_recognition_held
SELECT set_id, year, decision_no, decision_date, dossier_id
FROM unit_recognition
WHERE structure = ? AND code = ? AND title = ? AND revoked_at IS NULL
ORDER BY year DESC, set_id LIMIT 1;

-- Evaluations of a unit after a year (the revocation rule), newest first.
-- name: dos_evals_after
SELECT year, set_version, criteria_failed, criteria_total, criteria_bits
FROM evaluation
WHERE structure = ? AND code = ? AND set_id = ? AND year > ?
ORDER BY year DESC;

-- ---- lists ----

-- Dossiers matching the filters that SQL can apply; the state, the
-- viewer's scope and the page are applied by the caller.  Parameters:
-- 1,2 unit (structure, code) or NULL; 3,4,5 province scope or NULL;
-- 6 year (0: any); 7 title; 8 kind (NULL: any); 9 open only (0/1);
-- 10 overdue only (0/1) and 11 today.
-- name: dos_list
SELECT d.id, d.kind, d.structure, d.code, u.full_name, d.title, d.year,
    d.set_id, i.procedure_id, i.procedure_version, i.state, i.due_on,
    i.terminal, i.state_since, d.is_open, d.created_at, pu.full_name
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
JOIN unit u ON u.structure = d.structure AND u.code = d.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
WHERE (CAST(? AS TEXT) IS NULL OR (d.structure = ? AND d.code = ?))
    AND (CAST(? AS TEXT) IS NULL
        OR (d.structure = ? AND d.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?))
    AND (? = 0 OR d.year = ?)
    AND (CAST(? AS TEXT) IS NULL OR d.title = ?)
    AND (CAST(? AS TEXT) IS NULL OR d.kind = ?)
    AND (? = 0 OR d.is_open = 1)
    AND (? = 0 OR (i.terminal = 0 AND i.due_on IS NOT NULL AND i.due_on < ?))
ORDER BY i.due_on IS NULL, i.due_on, d.id DESC
LIMIT 20000;

-- The procedure versions of the open dossiers (what dos_at_step_rows
-- asks about state by state).
-- name: dos_open_procedures
SELECT DISTINCT i.procedure_id, i.procedure_version
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
WHERE d.is_open = 1 AND i.terminal = 0
ORDER BY i.procedure_id, i.procedure_version;

-- The open dossiers in one state of one procedure version (1, 2, 3) where
-- one of the caller's bindings may act: 4 = 1 for any unit (a binding of
-- the country), else up to four bindings, each (structure, code) of the
-- binding's unit, whether the dossier's unit may be inside it (1) or must
-- be it (0), and the same (structure, code) again (NULL: no binding):
-- 5-9, 10-14, 15-19, 20-24.  The columns of dos_list and how many match
-- (COUNT(*) OVER ()), deadline first; 25 the rows wanted.
-- name: dos_at_state
SELECT d.id, d.kind, d.structure, d.code, u.full_name, d.title, d.year,
    d.set_id, i.procedure_id, i.procedure_version, i.state, i.due_on,
    i.terminal, i.state_since, d.is_open, d.created_at, pu.full_name,
    COUNT(*) OVER ()
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
JOIN unit u ON u.structure = d.structure AND u.code = d.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
WHERE d.is_open = 1 AND i.terminal = 0
    AND i.procedure_id = ? AND i.procedure_version = ? AND i.state = ?
    AND (? = 1
        OR (d.structure = ? AND d.code = ?) OR (? = 1 AND EXISTS (SELECT 1
            FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?))
        OR (d.structure = ? AND d.code = ?) OR (? = 1 AND EXISTS (SELECT 1
            FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?))
        OR (d.structure = ? AND d.code = ?) OR (? = 1 AND EXISTS (SELECT 1
            FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?))
        OR (d.structure = ? AND d.code = ?) OR (? = 1 AND EXISTS (SELECT 1
            FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?)))
ORDER BY i.due_on IS NULL, i.due_on, d.id DESC
LIMIT ?;

-- The public register of titles, filtered by year, title, province
-- (scope) and name (10: the folded name or NULL, 11: '%' || it || '%',
-- matched against the unit's search keys), one page (22, 23), in the
-- order of 12-21 (all ten the same integer, dos_register's sort code:
-- +-1 name, +-2 title, +-3 year, +-4 decision date; negative: descending;
-- 0 the newest decision first).  Names sort by the unit's folded name
-- (search_name: lower case, no marks, đ as d; COLLATE "C" on PostgreSQL
-- as in SQLite), then the unit above it; another column's ties by name;
-- every order ends on the default one, so a page never depends on the
-- backend.
-- name: dos_register
SELECT r.structure, r.code, u.full_name, pu.full_name, r.title, r.set_id,
    r.year, r.decision_no, r.decision_date, r.decision_signer, r.dossier_id,
    r.revoked_at, r.revocation_no, COUNT(*) OVER ()
FROM unit_recognition r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
WHERE (? = 0 OR r.year = ?)
    AND (CAST(? AS TEXT) IS NULL OR r.title = ?)
    AND (CAST(? AS TEXT) IS NULL
        OR (r.structure = ? AND r.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = r.structure
            AND s.code = r.code AND s.scope_structure = ?
            AND s.scope_code = ?))
    AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM unit_search k
        WHERE k.structure = r.structure AND k.code = r.code
        AND k.search_key LIKE ?))
ORDER BY
    CASE WHEN ? = 1 THEN u.search_name END ASC,
    CASE WHEN ? = -1 THEN u.search_name END DESC,
    CASE WHEN ? IN (1, -1) THEN COALESCE(pu.search_name, '') END ASC,
    CASE WHEN ? = 2 THEN CASE r.title WHEN 'ntm' THEN 1 WHEN 'advanced' THEN 2
        WHEN 'model' THEN 3 WHEN 'modern' THEN 4 ELSE 5 END END ASC,
    CASE WHEN ? = -2 THEN CASE r.title WHEN 'ntm' THEN 1 WHEN 'advanced' THEN 2
        WHEN 'model' THEN 3 WHEN 'modern' THEN 4 ELSE 5 END END DESC,
    CASE WHEN ? = 3 THEN r.year END ASC,
    CASE WHEN ? = -3 THEN r.year END DESC,
    CASE WHEN ? = 4 THEN r.decision_date END ASC,
    CASE WHEN ? = -4 THEN r.decision_date END DESC,
    CASE WHEN ? NOT IN (0, 1, -1) THEN u.search_name END ASC,
    r.decision_date DESC, r.structure, r.code, r.set_id
LIMIT ? OFFSET ?;

-- Titles held whose set's later evaluations are not met (candidates of the
-- revocation watch; the rule itself is applied by the caller from the
-- criteria bits; it also sorts them, by the folded names of the last two
-- columns or by what the rule found).  1 province scope or NULL (2,3 and
-- 4,5 as dos_list).
-- name: dos_watch_candidates
SELECT r.structure, r.code, u.full_name, pu.full_name, r.title, r.set_id,
    r.year, r.decision_no, e.year, e.set_version, e.criteria_failed,
    e.criteria_total, e.criteria_bits, u.search_name,
    COALESCE(pu.search_name, '')
FROM unit_recognition r
JOIN evaluation e ON e.structure = r.structure AND e.code = r.code
    AND e.set_id = r.set_id AND e.year > r.year
JOIN unit u ON u.structure = r.structure AND u.code = r.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
WHERE r.revoked_at IS NULL AND e.criteria_failed > 0
    AND (CAST(? AS TEXT) IS NULL
        OR (r.structure = ? AND r.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = r.structure
            AND s.code = r.code AND s.scope_structure = ?
            AND s.scope_code = ?))
ORDER BY r.structure, r.code, r.set_id, e.year DESC
LIMIT 20000;

-- ---- demo data (src/cli/demo_dossiers.c) ----

-- name: dos_demo_count
SELECT COUNT(*) FROM dossier;

-- name: dos_demo_user
SELECT id FROM app_user WHERE username = ?;

-- A demo dossier whose deadline passed: its state began long ago.
-- name: dos_demo_backdate
UPDATE wf_instance SET state_since = ?, due_on = ?
WHERE id = (SELECT instance_id FROM dossier WHERE id = ?);
