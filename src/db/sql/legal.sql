-- The legal library (src/domain/legal/legal*.c).

-- name: legal_delete_all
DELETE FROM legal_document;

-- name: legal_insert
INSERT INTO legal_document (slug, number, position, kind, title, issued_on,
    in_force, replaced_by, verification, document, loaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Every document in the file's order: slug, document.
-- name: legal_list
SELECT slug, document FROM legal_document ORDER BY position;

-- What cites the documents: the newest version of every stored criteria
-- set, procedure, report form and OCOP scorecard (the documents' own
-- text; only read, as their kinds' list statements do).  Each row: id,
-- version, title, document.
-- name: legal_src_criteria
SELECT c.set_id, c.version, c.name, c.document
FROM criteria_set c
WHERE c.version = (SELECT MAX(m.version) FROM criteria_set m
        WHERE m.set_id = c.set_id)
ORDER BY c.set_id;

-- name: legal_src_procedures
SELECT p.procedure_id, p.version, p.name, p.document
FROM wf_procedure p
WHERE p.version = (SELECT MAX(m.version) FROM wf_procedure m
        WHERE m.procedure_id = p.procedure_id)
ORDER BY p.procedure_id;

-- name: legal_src_forms
SELECT f.form_id, f.version, f.title, f.document
FROM rep_form f
WHERE f.version = (SELECT MAX(m.version) FROM rep_form m
        WHERE m.form_id = f.form_id)
ORDER BY f.form_id;

-- name: legal_src_scorecards
SELECT s.scorecard_id, s.version, s.title, s.document
FROM ocop_scorecard s
WHERE s.version = (SELECT MAX(m.version) FROM ocop_scorecard m
        WHERE m.scorecard_id = s.scorecard_id)
ORDER BY s.scorecard_id;
