-- Statements of a province's own criteria sets (criteria_province.c).

-- The villages of a commune.
-- name: crit_villages_of
SELECT code, full_name FROM unit
WHERE structure = ? AND parent_code = ? AND level = 'village'
ORDER BY code;

-- A unit's newest evaluation of a set.
-- name: crit_eval_latest
SELECT year, status, criteria_met, criteria_total FROM evaluation
WHERE structure = ? AND code = ? AND set_id = ?
ORDER BY year DESC LIMIT 1;
