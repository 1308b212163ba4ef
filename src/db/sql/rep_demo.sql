-- The reporting part of ntm demo (src/cli/demo_reports.c).

-- name: rep_demo_count
SELECT COUNT(*) FROM rep_report WHERE form_id = ?;

-- name: rep_demo_user
SELECT id FROM app_user WHERE username = ?;

-- A demo report's submission and approval dated as the demo tells
-- (demo_reports.c advance): the workflow's events, then the report.
-- name: rep_demo_backdate_events
UPDATE wf_event SET at = CASE transition WHEN 'submit' THEN ? ELSE ? END
WHERE transition IN ('submit', 'approve') AND instance_id = (SELECT
    wf_instance_id FROM rep_report WHERE form_id = ? AND structure = ?
    AND code = ? AND period = ?);

-- name: rep_demo_backdate
UPDATE rep_report SET submitted_at = ?,
    approved_at = CASE WHEN approved_at IS NULL THEN NULL ELSE ? END
WHERE form_id = ? AND structure = ? AND code = ? AND period = ?;
