-- The reporting part of ntm demo (src/cli/demo_reports.c).

-- name: rep_demo_count
SELECT COUNT(*) FROM rep_report WHERE form_id = ?;

-- name: rep_demo_user
SELECT id FROM app_user WHERE username = ?;
