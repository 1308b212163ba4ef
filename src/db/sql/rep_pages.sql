-- The report pages' own reads (src/domain/reporting/rep_view.c): the
-- officer's list of reports waiting, and a province's communes with their
-- report of one period.  The report itself is read through rep_report.c.

-- The states of one unit's reports of a form, every period.
-- name: rpage_unit_reports
SELECT period, state FROM rep_report
WHERE form_id = ? AND structure = ? AND code = ?;

-- The communes of a unit with their report of a form for one period (a
-- commune without one has none: NULL state).
-- name: rpage_children_reports
SELECT u.code, u.full_name, r.state, r.updated_at
FROM unit u LEFT JOIN rep_report r ON r.form_id = ? AND r.period = ?
    AND r.structure = u.structure AND r.code = u.code
WHERE u.structure = ? AND u.parent_code = ? AND u.level = 'commune'
ORDER BY u.name, u.code;
