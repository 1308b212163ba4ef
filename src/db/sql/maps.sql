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

-- The survey campaigns of a structure that have closed (by hand, or their
-- last day before ?), with the province of their commune and the year
-- they closed in.
-- name: maps_campaigns_closed
SELECT c.id,
    CASE WHEN p.level = 'province' THEN p.code ELSE p.parent_code END,
    CAST(substr(COALESCE(c.closed_at, c.closes_on), 1, 4) AS INTEGER)
FROM survey_campaign c
JOIN unit u ON u.structure = c.structure AND u.code = c.unit_code
JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE c.structure = ? AND (c.closed_at IS NOT NULL OR c.closes_on < ?)
ORDER BY c.id;

-- The years orders were delivered in (the marketplace's sales map).
-- name: maps_market_years
SELECT DISTINCT CAST(substr(delivered_at, 1, 4) AS INTEGER) FROM market_order
WHERE delivered_at IS NOT NULL ORDER BY 1;
