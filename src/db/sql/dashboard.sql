-- The dashboards' own reads (src/domain/dashboard/dash_*.c): each reads a
-- maintained row (roll-ups, evaluations of one unit) or counts a small
-- table in one scope; nothing scans the country's communes.

-- The years and sets a scope's roll-ups hold (the trend over years):
-- 1, 2 the scope.
-- name: dash_rollup_years
SELECT set_id, year, evaluated, met FROM rollup
WHERE scope_structure = ? AND scope_code = ?
ORDER BY year, set_id;

-- A unit's own evaluations, every set and year: 1, 2 the unit.
-- name: dash_unit_evals
SELECT set_id, year, status, criteria_met, criteria_total FROM evaluation
WHERE structure = ? AND code = ?
ORDER BY year, set_id;

-- The evaluations of the old units a unit was formed from (its history
-- before the 2025 reorganisation): 1, 2 the new unit.  Per set and year,
-- the old units evaluated and those meeting the set.
-- name: dash_lineage_evals
SELECT e.set_id, e.year, COUNT(*),
    SUM(CASE WHEN e.status = 'met' THEN 1 ELSE 0 END)
FROM unit_lineage l
JOIN evaluation e ON e.structure = l.old_structure AND e.code = l.old_code
WHERE l.new_structure = ? AND l.new_code = ?
GROUP BY e.set_id, e.year
ORDER BY e.year, e.set_id;

-- Recognition dossiers of a scope by procedure version and state: 1 = 1
-- for the whole country, else 2, 3 the unit itself and 4, 5 the scope
-- (unit_scope).  Open ones only (is_open), with those past their state's
-- deadline (6: today) counted apart.
-- name: dash_dossier_states
SELECT i.procedure_id, i.procedure_version, i.state, COUNT(*),
    SUM(CASE WHEN i.terminal = 0 AND i.due_on IS NOT NULL AND i.due_on < ?
        THEN 1 ELSE 0 END)
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
WHERE d.is_open = 1 AND d.kind = 'recognition'
    AND (? = 1 OR (d.structure = ? AND d.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?))
GROUP BY i.procedure_id, i.procedure_version, i.state
ORDER BY i.procedure_id, i.procedure_version, i.state;

-- The overdue open dossiers of a scope (for staff: their units' names),
-- deadline first: 1 today, 2 = 1 for the country, else 3, 4 the unit and
-- 5, 6 the scope; 7 the rows wanted.
-- name: dash_dossiers_overdue
SELECT d.id, u.full_name, pu.full_name, d.title, d.year, i.procedure_id,
    i.procedure_version, i.state, i.due_on
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
JOIN unit u ON u.structure = d.structure AND u.code = d.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
WHERE d.is_open = 1 AND i.terminal = 0 AND i.due_on IS NOT NULL
    AND i.due_on < ?
    AND (? = 1 OR (d.structure = ? AND d.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = d.structure
            AND s.code = d.code AND s.scope_structure = ?
            AND s.scope_code = ?))
ORDER BY i.due_on, d.id
LIMIT ?;

-- A commune's titles and their decisions, its own and those of the old
-- communes it was formed from (unit_lineage): 1, 2 the unit (also 3, 4).
-- name: dash_commune_titles
SELECT u.full_name, r.title, r.year, r.decision_no, r.decision_date,
    r.dossier_id, r.revoked_at, r.revocation_no
FROM unit_recognition r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
WHERE (r.structure = ? AND r.code = ?)
    OR EXISTS (SELECT 1 FROM unit_lineage l WHERE l.old_structure = r.structure
        AND l.old_code = r.code AND l.new_structure = ? AND l.new_code = ?)
ORDER BY r.decision_date DESC, r.year DESC, u.full_name
LIMIT 50;
