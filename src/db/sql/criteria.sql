-- Criteria sets, indicator values, unit attributes, provincial overrides,
-- evaluations and roll-ups (src/domain/criteria/criteria_store*.c).

-- name: crit_set_insert
INSERT INTO criteria_set (set_id, version, document, sha256, change_note,
    created_at, created_by, name, kind, structure, level, year_from, year_to,
    profile)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Versions of one set, newest first: version, sha256.
-- name: crit_set_versions
SELECT version, sha256, name, profile, change_note, created_at
FROM criteria_set WHERE set_id = ? ORDER BY version DESC;

-- name: crit_set_document
SELECT document, sha256 FROM criteria_set WHERE set_id = ? AND version = ?;

-- The newest version of every set.
-- name: crit_set_list
SELECT c.set_id, c.version, c.name, c.kind, c.structure, c.level,
    c.year_from, c.year_to, c.profile, c.sha256, c.created_at,
    (SELECT COUNT(*) FROM criteria_set v WHERE v.set_id = c.set_id)
FROM criteria_set c
WHERE c.version = (SELECT MAX(version) FROM criteria_set m WHERE m.set_id = c.set_id)
ORDER BY c.year_from DESC, c.set_id;

-- name: crit_override_upsert
INSERT INTO criteria_override (set_id, structure, province_code, indicator_id,
    variant, value, source_document, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (set_id, structure, province_code, indicator_id, variant)
DO UPDATE SET value = excluded.value, source_document = excluded.source_document,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by;

-- name: crit_override_delete
DELETE FROM criteria_override WHERE set_id = ? AND structure = ?
    AND province_code = ? AND indicator_id = ? AND variant = ?;

-- Overrides that apply to a unit's province for one variant (exact variant
-- rows sort first, then the '' rows for every variant).
-- name: crit_override_for
SELECT indicator_id, value, source_document, variant FROM criteria_override
WHERE set_id = ? AND structure = ? AND province_code = ?
    AND (variant = ? OR variant = '')
ORDER BY indicator_id, variant DESC;

-- name: crit_override_list
SELECT indicator_id, variant, value, source_document, updated_at
FROM criteria_override WHERE set_id = ? AND structure = ? AND province_code = ?
ORDER BY indicator_id, variant;

-- name: crit_attr_upsert
INSERT INTO unit_attribute (structure, code, year, commune_group, ethnic_area,
    source_document, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (structure, code, year) DO UPDATE SET
    commune_group = excluded.commune_group, ethnic_area = excluded.ethnic_area,
    source_document = excluded.source_document,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by;

-- The attributes in force in a year: the row with the greatest year <= it.
-- name: crit_attr_at
SELECT year, commune_group, ethnic_area, source_document FROM unit_attribute
WHERE structure = ? AND code = ? AND year <= ?
ORDER BY year DESC LIMIT 1;

-- name: crit_attr_history
SELECT year, commune_group, ethnic_area, source_document, updated_at
FROM unit_attribute WHERE structure = ? AND code = ? ORDER BY year;

-- name: crit_value_upsert
INSERT INTO indicator_value (structure, code, set_id, year, indicator_id,
    value, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (structure, code, set_id, year, indicator_id) DO UPDATE SET
    value = excluded.value, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by;

-- name: crit_value_delete
DELETE FROM indicator_value WHERE structure = ? AND code = ? AND set_id = ?
    AND year = ? AND indicator_id = ?;

-- name: crit_values_of
SELECT indicator_id, value, updated_at FROM indicator_value
WHERE structure = ? AND code = ? AND set_id = ? AND year = ?
ORDER BY indicator_id;

-- Every (unit, year) with values for a set, for a recompute.
-- name: crit_values_units
SELECT DISTINCT structure, code, year FROM indicator_value
WHERE set_id = ? ORDER BY structure, code, year;

-- Every value of a set and year, grouped by unit, for a bulk recompute.
-- name: crit_values_all
SELECT structure, code, indicator_id, value FROM indicator_value
WHERE set_id = ? AND year = ? ORDER BY structure, code;

-- name: crit_years_of_set
SELECT DISTINCT year FROM indicator_value WHERE set_id = ? ORDER BY year;

-- Units with values under a province (scope) for a set, any year.
-- name: crit_values_units_in_scope
SELECT DISTINCT v.structure, v.code, v.year FROM unit_scope s
JOIN indicator_value v ON v.structure = s.structure AND v.code = s.code
WHERE s.scope_structure = ? AND s.scope_code = ? AND v.set_id = ?
ORDER BY v.structure, v.code, v.year;

-- name: crit_value_years_of_unit
SELECT DISTINCT year FROM indicator_value
WHERE structure = ? AND code = ? AND set_id = ? ORDER BY year;

-- name: crit_eval_get
SELECT set_version, status, criteria_met, criteria_failed, criteria_unknown,
    criteria_total, criteria_bits, revocation_rule
FROM evaluation WHERE structure = ? AND code = ? AND set_id = ? AND year = ?;

-- name: crit_eval_upsert
INSERT INTO evaluation (structure, code, set_id, year, set_version, status,
    criteria_met, criteria_failed, criteria_unknown, criteria_total,
    criteria_bits, revocation_rule, computed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (structure, code, set_id, year) DO UPDATE SET
    set_version = excluded.set_version, status = excluded.status,
    criteria_met = excluded.criteria_met,
    criteria_failed = excluded.criteria_failed,
    criteria_unknown = excluded.criteria_unknown,
    criteria_total = excluded.criteria_total,
    criteria_bits = excluded.criteria_bits,
    revocation_rule = excluded.revocation_rule,
    computed_at = excluded.computed_at;

-- name: crit_eval_delete
DELETE FROM evaluation WHERE structure = ? AND code = ? AND set_id = ? AND year = ?;

-- A unit's evaluations of one set over the years.
-- name: crit_eval_history
SELECT year, set_version, status, criteria_met, criteria_total,
    revocation_rule
FROM evaluation WHERE structure = ? AND code = ? AND set_id = ? ORDER BY year;

-- Every evaluation of a set and year with the scopes it counts in, ordered
-- by scope (a full roll-up rebuild aggregates scope by scope).
-- name: crit_eval_by_scope
SELECT s.scope_structure, s.scope_code, e.status, e.criteria_met,
    e.criteria_bits, e.revocation_rule
FROM evaluation e
JOIN unit_scope s ON s.structure = e.structure AND s.code = e.code
WHERE e.set_id = ? AND e.year = ?
ORDER BY s.scope_structure, s.scope_code;

-- Units in a scope close to the standard: not met and missing 1..?
-- criteria, "missing" being every criterion not met (failed or without
-- data: criteria_total - criteria_met), never the failed ones alone.
-- CROSS JOIN keeps SQLite's order: the set's evaluations of the year first
-- (index evaluation_close), then whether each lies in the scope.
-- name: crit_eval_close
SELECT u.structure, u.code, u.full_name, e.criteria_met, e.criteria_total,
    e.criteria_failed, e.criteria_bits, p.full_name
FROM evaluation e
CROSS JOIN unit_scope s
CROSS JOIN unit u
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE e.set_id = ? AND e.year = ? AND e.status <> 'met'
    AND e.criteria_total - e.criteria_met BETWEEN 1 AND ?
    AND s.structure = e.structure AND s.code = e.code
    AND s.scope_structure = ? AND s.scope_code = ?
    AND u.structure = e.structure AND u.code = e.code
ORDER BY e.criteria_total - e.criteria_met, u.code LIMIT ?;

-- Child units of a scope with their own evaluation, for a province page.
-- name: crit_eval_children
SELECT u.structure, u.code, u.full_name, e.status, e.criteria_met,
    e.criteria_total, e.revocation_rule
FROM unit u
JOIN evaluation e ON e.structure = u.structure AND e.code = u.code
    AND e.set_id = ? AND e.year = ?
WHERE u.structure = ? AND u.parent_code = ?
ORDER BY u.code LIMIT ?;

-- name: crit_rollup_get
SELECT evaluated, met, not_met, incomplete, revocation, criteria_met_sum,
    dist, passed, failed
FROM rollup WHERE scope_structure = ? AND scope_code = ? AND set_id = ? AND year = ?;

-- name: crit_rollup_put
INSERT INTO rollup (scope_structure, scope_code, set_id, year, evaluated, met,
    not_met, incomplete, revocation, criteria_met_sum, dist, passed, failed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (scope_structure, scope_code, set_id, year) DO UPDATE SET
    evaluated = excluded.evaluated, met = excluded.met,
    not_met = excluded.not_met, incomplete = excluded.incomplete,
    revocation = excluded.revocation,
    criteria_met_sum = excluded.criteria_met_sum, dist = excluded.dist,
    passed = excluded.passed, failed = excluded.failed;

-- name: crit_rollup_clear
DELETE FROM rollup WHERE set_id = ? AND year = ?;

-- Child scopes of a scope with their roll-up (provinces of the country,
-- districts of a pre-2025 province).
-- name: crit_rollup_children
SELECT u.structure, u.code, u.full_name, r.evaluated, r.met, r.not_met,
    r.incomplete, r.criteria_met_sum, r.revocation
FROM unit u
JOIN rollup r ON r.scope_structure = u.structure AND r.scope_code = u.code
    AND r.set_id = ? AND r.year = ?
WHERE u.structure = ? AND u.parent_code = ?
ORDER BY u.code;

-- Years with a roll-up for a scope and set.
-- name: crit_rollup_years
SELECT year, evaluated, met FROM rollup
WHERE scope_structure = ? AND scope_code = ? AND set_id = ? ORDER BY year;

-- name: crit_scopes_of
SELECT s.scope_structure, s.scope_code, p.level FROM unit_scope s
JOIN unit p ON p.structure = s.scope_structure AND p.code = s.scope_code
WHERE s.structure = ? AND s.code = ?
ORDER BY s.scope_structure, s.scope_code;

-- Units a set applies to inside a scope (unit_class NULL: any class).
-- name: crit_units_in_scope
SELECT COUNT(*) FROM unit_scope s
WHERE s.scope_structure = ? AND s.scope_code = ? AND s.structure = ?
    AND s.unit_level = ? AND (CAST(? AS TEXT) IS NULL OR s.unit_class = ?);

-- name: crit_units_of_set
SELECT u.code, u.region7_code FROM unit u
WHERE u.structure = ? AND u.level = ? AND (CAST(? AS TEXT) IS NULL OR u.unit_class = ?)
ORDER BY u.code;

-- Building unit_scope: parents, grandparents and great-grandparents in the
-- unit's own structure, then the 2025 provinces (and country) a pre-2025
-- unit's communes went into.
-- name: crit_scope_clear
DELETE FROM unit_scope;
-- name: crit_scope_parents
INSERT INTO unit_scope (structure, code, scope_structure, scope_code,
    unit_level, unit_class)
SELECT u.structure, u.code, u.structure, u.parent_code, u.level, u.unit_class
FROM unit u
WHERE u.parent_code IS NOT NULL AND u.level <> 'village'
ON CONFLICT DO NOTHING;
-- name: crit_scope_up
INSERT INTO unit_scope (structure, code, scope_structure, scope_code,
    unit_level, unit_class)
SELECT s.structure, s.code, p.structure, p.parent_code, s.unit_level,
    s.unit_class
FROM unit_scope s
JOIN unit p ON p.structure = s.scope_structure AND p.code = s.scope_code
WHERE p.parent_code IS NOT NULL
ON CONFLICT DO NOTHING;
-- name: crit_scope_lineage
INSERT INTO unit_scope (structure, code, scope_structure, scope_code,
    unit_level, unit_class)
SELECT DISTINCT l.old_structure, l.old_code, n.structure, n.parent_code,
    o.level, o.unit_class
FROM unit_lineage l
JOIN unit n ON n.structure = l.new_structure AND n.code = l.new_code
JOIN unit o ON o.structure = l.old_structure AND o.code = l.old_code
WHERE n.level = 'commune' AND n.parent_code IS NOT NULL
ON CONFLICT DO NOTHING;
-- name: crit_scope_lineage_country
INSERT INTO unit_scope (structure, code, scope_structure, scope_code,
    unit_level, unit_class)
SELECT DISTINCT s.structure, s.code, p.structure, p.parent_code,
    s.unit_level, s.unit_class
FROM unit_scope s
JOIN unit p ON p.structure = s.scope_structure AND p.code = s.scope_code
WHERE s.scope_structure <> s.structure AND p.level = 'province'
ON CONFLICT DO NOTHING;

-- name: crit_recognised
SELECT 1 FROM unit_recognition WHERE structure = ? AND code = ? AND set_id = ?
    AND revoked_at IS NULL;

-- name: crit_recognition_add
INSERT INTO unit_recognition (structure, code, set_id, year, decision_no,
    decision_date)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (structure, code, set_id) DO NOTHING;

-- The province of a unit (itself if a province).
-- CROSS JOIN: from the unit's own few scope rows, not from every province.
-- name: crit_province_of
SELECT s.scope_code FROM unit_scope s
CROSS JOIN unit p
WHERE s.structure = ? AND s.code = ? AND s.scope_structure = ?
    AND p.structure = s.scope_structure AND p.code = s.scope_code
    AND p.level = 'province';

-- name: crit_eval_clear
DELETE FROM evaluation WHERE set_id = ? AND year = ?;

-- name: crit_values_units_year
SELECT DISTINCT structure, code FROM indicator_value
WHERE set_id = ? AND year = ? ORDER BY structure, code;

-- name: crit_scope_count
SELECT COUNT(*) FROM unit_scope;

-- name: crit_rollup_any
SELECT 1 FROM rollup WHERE set_id = ? AND year = ? LIMIT 1;

-- Units a set applies to, with region and province (demo data, bulk work).
-- A village's province is its commune's (villages are not in unit_scope).
-- name: crit_units_of_set_full
SELECT u.code, u.region7_code, u.parent_code,
    COALESCE((SELECT s.scope_code FROM unit_scope s
     JOIN unit p ON p.structure = s.scope_structure AND p.code = s.scope_code
     WHERE s.structure = u.structure AND s.code = u.code
         AND s.scope_structure = u.structure AND p.level = 'province'),
    (SELECT s.scope_code FROM unit_scope s
     JOIN unit p ON p.structure = s.scope_structure AND p.code = s.scope_code
     WHERE s.structure = u.structure AND s.code = u.parent_code
         AND s.scope_structure = u.structure AND p.level = 'province'))
FROM unit u
WHERE u.structure = ? AND u.level = ? AND (CAST(? AS TEXT) IS NULL OR u.unit_class = ?)
ORDER BY u.code;

-- name: crit_eval_close_count
SELECT COUNT(*) FROM evaluation e
CROSS JOIN unit_scope s
WHERE e.set_id = ? AND e.year = ? AND e.status <> 'met'
    AND e.criteria_total - e.criteria_met BETWEEN 1 AND ?
    AND s.structure = e.structure AND s.code = e.code
    AND s.scope_structure = ? AND s.scope_code = ?;

-- Evaluations of the old units a 2025 unit was formed from (its history
-- before the 1 July 2025 reorganisation).
-- name: crit_eval_predecessors
SELECT l.old_structure, l.old_code, COALESCE(u.full_name, l.old_name),
    l.relation, e.set_id, e.year, e.status, e.criteria_met, e.criteria_total
FROM unit_lineage l
JOIN evaluation e ON e.structure = l.old_structure AND e.code = l.old_code
LEFT JOIN unit u ON u.structure = l.old_structure AND u.code = l.old_code
WHERE l.new_structure = ? AND l.new_code = ?
ORDER BY l.old_code, e.set_id, e.year;
