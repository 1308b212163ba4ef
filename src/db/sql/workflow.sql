-- The workflow engine: procedure versions, instances and their timelines
-- (src/domain/workflow/wf_*.c).

-- name: wf_proc_insert
INSERT INTO wf_procedure (procedure_id, version, document, sha256,
    change_note, created_at, created_by, name, kind)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Versions of one procedure, newest first.
-- name: wf_proc_versions
SELECT version, sha256, change_note, created_at
FROM wf_procedure WHERE procedure_id = ? ORDER BY version DESC;

-- name: wf_proc_document
SELECT document, sha256 FROM wf_procedure WHERE procedure_id = ? AND version = ?;

-- The newest version of every procedure (kind NULL) or of one kind, the
-- most recently stored first: id, version, created_at, versions.
-- name: wf_proc_newest
SELECT p.procedure_id, p.version, p.created_at,
    (SELECT COUNT(*) FROM wf_procedure v WHERE v.procedure_id = p.procedure_id)
FROM wf_procedure p
WHERE p.version = (SELECT MAX(m.version) FROM wf_procedure m
        WHERE m.procedure_id = p.procedure_id)
    AND (CAST(? AS TEXT) IS NULL OR p.kind = ?)
ORDER BY p.created_at DESC, p.procedure_id;

-- name: wf_unit_level
SELECT level FROM unit WHERE structure = ? AND code = ?;

-- name: wf_instance_insert
INSERT INTO wf_instance (procedure_id, procedure_version, subject, structure,
    code, state, row_version, state_since, due_on, terminal, created_at)
VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, 0, ?) RETURNING id;

-- name: wf_instance_get
SELECT id, procedure_id, procedure_version, subject, structure, code, state,
    row_version, state_since, due_on, terminal, created_at
FROM wf_instance WHERE id = ?;

-- A move, only from the row version the caller read (optimistic
-- concurrency: 0 rows changed means someone else moved it first).
-- name: wf_instance_move
UPDATE wf_instance SET state = ?, row_version = row_version + 1,
    state_since = ?, due_on = ?, terminal = ?
WHERE id = ? AND row_version = ?;

-- name: wf_instance_row_version
SELECT row_version, state FROM wf_instance WHERE id = ?;

-- name: wf_event_next_seq
SELECT COALESCE(MAX(seq), 0) + 1 FROM wf_event WHERE instance_id = ?;

-- name: wf_event_insert
INSERT INTO wf_event (instance_id, seq, transition, from_state, to_state, at,
    user_id, username, role, actor_structure, actor_unit_code, note, detail)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The timeline, oldest first.
-- name: wf_event_list
SELECT seq, transition, from_state, to_state, at, username, role,
    actor_structure, actor_unit_code, note, detail
FROM wf_event WHERE instance_id = ? ORDER BY seq;
