-- rep_auto.sql - automatic figures of reports, plan versus actual and
-- longer periods from their months (src/domain/reporting/rep_auto.c,
-- rep_plan.c, rep_overtime.c; docs/REPORTING.md section 9).  They read the
-- tables of the modules that know the figures (criteria evaluations and
-- roll-ups, survey campaigns, titles decided) and never write them.

-- A unit's evaluation of a criteria set for a year (criteria_store.c
-- keeps it up to date on every write of an indicator value).
-- name: rauto_eval
SELECT status, criteria_met, criteria_total FROM evaluation
WHERE structure = ? AND code = ? AND set_id = ? AND year = ?;

-- The maintained roll-up of a scope (a province, the country) for a set
-- and year: its units evaluated and meeting the standard.
-- name: rauto_rollup
SELECT evaluated, met FROM rollup
WHERE scope_structure = ? AND scope_code = ? AND set_id = ? AND year = ?;

-- Titles decided between two days (both included) for the unit itself or
-- any unit in its scope (unit_scope: its communes, through the lineage
-- too); title LIKE '%' for any title.
-- name: rauto_titles
SELECT COUNT(*) FROM unit_recognition r
WHERE r.decision_date >= ? AND r.decision_date <= ? AND r.title LIKE ?
    AND ((r.structure = ? AND r.code = ?) OR EXISTS (
        SELECT 1 FROM unit_scope s
        WHERE s.structure = r.structure AND s.code = r.code
            AND s.scope_structure = ? AND s.scope_code = ?));

-- The unit's latest satisfaction campaign that had closed by a day (the
-- period's last): closed by hand by then, or its last day passed (and
-- before today, so it is closed now).
-- name: rauto_campaign
SELECT id, CASE WHEN closed_at IS NOT NULL
        AND substr(closed_at, 1, 10) < closes_on
    THEN substr(closed_at, 1, 10) ELSE closes_on END
FROM survey_campaign
WHERE structure = ? AND unit_code = ?
    AND ((closed_at IS NOT NULL AND substr(closed_at, 1, 10) <= ?)
        OR (closes_on <= ? AND closes_on < ?))
ORDER BY closes_on DESC, id DESC LIMIT 1;

-- Write a figure the platform filled in (automatic = 1).
-- name: rauto_value_upsert
INSERT INTO rep_value (report_id, slot, value, automatic, updated_at)
VALUES (?, ?, ?, 1, ?)
ON CONFLICT (report_id, slot) DO UPDATE SET value = excluded.value,
    automatic = 1, updated_at = excluded.updated_at;

-- The maintained aggregates of one unit over a range of periods of one
-- type (2026-01 .. 2026-12: a year of months), at most 12 rows a slot.
-- name: rauto_agg_range
SELECT period, slot, num, den, n FROM rep_aggregate
WHERE form_id = ? AND structure = ? AND code = ? AND period >= ?
    AND period <= ?
ORDER BY period;
