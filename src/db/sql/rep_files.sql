-- Report forms as files: the values a template or a CSV is filled with
-- (src/domain/reporting/rep_upload.c).

-- The stored values of one unit's report of a form for a period.
-- name: rep_file_values
SELECT v.slot, v.value, v.automatic
FROM rep_report r JOIN rep_value v ON v.report_id = r.id
WHERE r.form_id = ? AND r.structure = ? AND r.code = ? AND r.period = ?;
