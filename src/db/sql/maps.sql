-- maps.sql - the statements of the province maps (src/domain/maps/,
-- issue 18).  Each reads a maintained aggregate, never the communes.

-- The provinces of a structure, with their names (the map's rows).
-- name: maps_provinces
SELECT code, full_name FROM unit
WHERE structure = ? AND level = 'province' ORDER BY code;

-- Every province's criteria roll-up of a set and year.
-- name: maps_rollup
SELECT r.scope_code, r.evaluated, r.met, r.criteria_met_sum
FROM rollup r
JOIN unit u ON u.structure = r.scope_structure AND u.code = r.scope_code
    AND u.level = 'province'
WHERE r.scope_structure = ? AND r.set_id = ? AND r.year = ?;

-- The years a set has evaluations in, from the country's roll-up.
-- name: maps_rollup_years
SELECT year FROM rollup
WHERE scope_structure = ? AND scope_code = 'VN' AND set_id = ? AND evaluated > 0
ORDER BY year;
