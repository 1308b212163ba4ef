-- bench/reports_load.c (the reporting benchmark, bench/reports.sh).

-- Every raw value of a form's reports of one structure for periods from..to
-- (text order: "2026-01" .. "2026-12"), for an aggregate computed cold.
-- name: rep_bench_values
SELECT r.code, r.period, v.slot, v.value
FROM rep_report r JOIN rep_value v ON v.report_id = r.id
WHERE r.form_id = ? AND r.structure = ? AND r.period >= ? AND r.period <= ?;
