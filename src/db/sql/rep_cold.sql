-- Packed figures of reports and the aggregates recomputed from them
-- (src/domain/reporting/rep_cold.c).

-- name: rep_report_pack_set
UPDATE rep_report SET packed = ? WHERE id = ?;

-- Every report of a form for the periods from..to (text order), with its
-- unit's level: what a cold aggregate reads.
-- name: rep_cold_reports
SELECT r.id, r.structure, r.code, r.period, r.form_version, r.packed, u.level
FROM rep_report r JOIN unit u ON u.structure = r.structure AND u.code = r.code
WHERE r.form_id = ? AND r.period >= ? AND r.period <= ?;
