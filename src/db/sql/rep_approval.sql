-- Approval of reports and their completeness (src/domain/reporting/
-- rep_approval.c, rep_completeness.c; docs/REPORTING.md section 9).

-- The parent of a unit: the workflow engine's level "above"
-- (wf_instance.c; kept here so that merges of the engine do not collide).
-- name: wf_unit_parent
SELECT parent_code FROM unit WHERE structure = ? AND code = ?;

-- A report's approval columns.
-- name: rapp_report_get
SELECT id, form_version, state, row_version, wf_instance_id, submitted_at,
    approved_at
FROM rep_report
WHERE form_id = ? AND structure = ? AND code = ? AND period = ?;

-- The first transition: the report is tied to its workflow instance.
-- name: rapp_report_link
UPDATE rep_report SET wf_instance_id = ? WHERE id = ? AND wf_instance_id IS NULL;

-- Keep the report's state in step with its instance (one row version
-- check: a stale caller changes nothing).  submitted_at is the latest
-- submission, approved_at the approval (cleared by a reopening).
-- name: rapp_report_move
UPDATE rep_report SET state = ?, row_version = row_version + 1,
    submitted_at = CASE WHEN ? = 1 THEN ? ELSE submitted_at END,
    approved_at = CASE WHEN ? = 1 THEN ? WHEN ? = 1 THEN NULL ELSE approved_at END
WHERE id = ? AND row_version = ?;

-- Completeness of one parent's children: every unit of a level under it,
-- with its report of the form and period (if any), by name.
-- name: rapp_children_reports
SELECT u.code, u.name, u.full_name, r.state, r.submitted_at, r.approved_at
FROM unit u
LEFT JOIN rep_report r ON r.form_id = ? AND r.structure = u.structure
    AND r.code = u.code AND r.period = ?
WHERE u.structure = ? AND u.parent_code = ? AND u.level = ?
ORDER BY u.name, u.code;

-- Completeness of every province at once: per parent, the units of a
-- level and their reports' counts (submitted on time: submitted_at's date
-- on or before the due date, given as text 'YYYY-MM-DD').
-- name: rapp_counts_by_parent
SELECT u.parent_code,
    COUNT(*),
    SUM(CASE WHEN r.state IN ('submitted', 'approved') THEN 1 ELSE 0 END),
    SUM(CASE WHEN r.state IN ('submitted', 'approved')
        AND substr(r.submitted_at, 1, 10) <= ? THEN 1 ELSE 0 END),
    SUM(CASE WHEN r.state = 'approved' THEN 1 ELSE 0 END)
FROM unit u
LEFT JOIN rep_report r ON r.form_id = ? AND r.structure = u.structure
    AND r.code = u.code AND r.period = ?
WHERE u.structure = ? AND u.level = ?
GROUP BY u.parent_code;

-- ---- the home's reminders (home_reports.c through rep_completeness.c) ----

-- Every report of one unit and form: period and state (the unique key).
-- name: rapp_unit_reports
SELECT period, state FROM rep_report
WHERE form_id = ? AND structure = ? AND code = ?;

-- The reports of a parent's children waiting for approval, oldest period
-- first (rep_report_by_state, then the unit by its key).
-- name: rapp_children_waiting
SELECT r.form_id, r.period, u.full_name, COUNT(*) OVER ()
FROM rep_report r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
WHERE r.state = 'submitted' AND r.structure = ? AND u.parent_code = ?
ORDER BY r.period, u.name, u.code
LIMIT ?;

-- How many children of a level under a parent have not submitted a form's
-- report for a period.
-- name: rapp_children_missing
SELECT COUNT(*)
FROM unit u
LEFT JOIN rep_report r ON r.form_id = ? AND r.structure = u.structure
    AND r.code = u.code AND r.period = ?
WHERE u.structure = ? AND u.parent_code = ? AND u.level = ?
    AND (r.state IS NULL OR r.state NOT IN ('submitted', 'approved'));

-- A report's workflow instance (rep_report_editable: the procedure's
-- "editable" flag of the instance's state decides).
-- name: rapp_report_instance
SELECT wf_instance_id FROM rep_report WHERE id = ?;

-- A person's full name for the pages (rep_person_name; the login stays in
-- the JSON beside it).
-- name: rapp_person_name
SELECT full_name FROM app_user WHERE username = ?;
