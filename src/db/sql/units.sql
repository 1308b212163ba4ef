-- Administrative units: import, lookup, lists, search, lineage.
-- Columns of a unit row, in this order, wherever a statement returns units:
--   0 structure, 1 code, 2 name, 3 full_name, 4 name_en, 5 level,
--   6 unit_type, 7 unit_class, 8 parent_code, 9 region7_code, 10 is_rural,
--   11 children_count, 12 region7 name, 13 parent name

-- name: units_region_upsert
INSERT INTO region7 (code, name_vi, name_en, gso6_code) VALUES (?, ?, ?, ?)
ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi,
    name_en = excluded.name_en, gso6_code = excluded.gso6_code;

-- name: units_region_exists
SELECT 1 FROM region7 WHERE code = ?;

-- name: units_upsert
INSERT INTO unit (structure, code, name, full_name, name_en, level, level_rank,
    unit_type, unit_class, parent_code, region7_code, is_rural, search_name)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (structure, code) DO UPDATE SET name = excluded.name,
    full_name = excluded.full_name, name_en = excluded.name_en,
    level = excluded.level, level_rank = excluded.level_rank,
    unit_type = excluded.unit_type, unit_class = excluded.unit_class,
    parent_code = excluded.parent_code, region7_code = excluded.region7_code,
    is_rural = excluded.is_rural, search_name = excluded.search_name;

-- name: units_level_of
SELECT level, region7_code FROM unit WHERE structure = ? AND code = ?;

-- Whether any unit exists (an import into an empty table clears no keys).
-- name: units_any
SELECT 1 FROM unit LIMIT 1;

-- name: units_search_clear
DELETE FROM unit_search WHERE structure = ? AND code = ?;

-- name: units_search_add
INSERT INTO unit_search (search_key, structure, code, weight) VALUES (?, ?, ?, ?);

-- Only rows whose count changes are written: PostgreSQL writes a new row
-- version for every row an UPDATE touches, and the importer recounts after
-- each file inside one transaction.
-- name: units_recount_children
UPDATE unit SET children_count = (SELECT COUNT(*) FROM unit c
    WHERE c.structure = unit.structure AND c.parent_code = unit.code)
WHERE structure = ? AND children_count <> (SELECT COUNT(*) FROM unit c
    WHERE c.structure = unit.structure AND c.parent_code = unit.code);

-- name: units_lineage_upsert
INSERT INTO unit_lineage (old_structure, old_code, old_name, new_structure,
    new_code, relation, qa_flag)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (old_structure, old_code, new_structure, new_code) DO UPDATE SET
    old_name = excluded.old_name, relation = excluded.relation,
    qa_flag = excluded.qa_flag;

-- name: units_get
SELECT u.structure, u.code, u.name, u.full_name, u.name_en, u.level,
    u.unit_type, u.unit_class, u.parent_code, u.region7_code, u.is_rural,
    u.children_count, r.name_vi, p.name
FROM unit u
LEFT JOIN region7 r ON r.code = u.region7_code
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE u.structure = ? AND u.code = ?;

-- The total is the parent's stored children_count (parameters 1-2 repeat
-- 3-4): a window count would sort what the index already orders.
-- name: units_children
SELECT u.structure, u.code, u.name, u.full_name, u.name_en, u.level,
    u.unit_type, u.unit_class, u.parent_code, u.region7_code, u.is_rural,
    u.children_count, NULL, NULL,
    (SELECT c.children_count FROM unit c WHERE c.structure = ? AND c.code = ?)
FROM unit u
WHERE u.structure = ? AND u.parent_code = ?
ORDER BY u.code
LIMIT ? OFFSET ?;

-- name: units_children_at_level
SELECT u.structure, u.code, u.name, u.full_name, u.name_en, u.level,
    u.unit_type, u.unit_class, u.parent_code, u.region7_code, u.is_rural,
    u.children_count, NULL, NULL, COUNT(*) OVER ()
FROM unit u
WHERE u.structure = ? AND u.parent_code = ? AND u.level = ?
ORDER BY u.code
LIMIT ? OFFSET ?;

-- name: units_at_level
SELECT u.structure, u.code, u.name, u.full_name, u.name_en, u.level,
    u.unit_type, u.unit_class, u.parent_code, u.region7_code, u.is_rural,
    u.children_count, NULL, p.name, COUNT(*) OVER ()
FROM unit u
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE u.structure = ? AND u.level = ?
ORDER BY u.code
LIMIT ? OFFSET ?;

-- name: units_all
SELECT u.structure, u.code, u.name, u.full_name, u.name_en, u.level,
    u.unit_type, u.unit_class, u.parent_code, u.region7_code, u.is_rural,
    u.children_count, NULL, p.name, COUNT(*) OVER ()
FROM unit u
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE u.structure = ?
ORDER BY u.level_rank, u.code
LIMIT ? OFFSET ?;

-- name: units_counts
SELECT structure, level, COUNT(*), SUM(is_rural) FROM unit
GROUP BY structure, level;

-- name: units_successors
SELECT l.new_structure, l.new_code, COALESCE(u.full_name, l.new_code),
    u.level, l.relation, l.qa_flag,
    CASE WHEN p.level = 'country' THEN NULL ELSE p.full_name END
FROM unit_lineage l
LEFT JOIN unit u ON u.structure = l.new_structure AND u.code = l.new_code
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE l.old_structure = ? AND l.old_code = ?
ORDER BY l.new_code;

-- name: units_predecessors
SELECT l.old_structure, l.old_code, COALESCE(u.full_name, l.old_name),
    u.level, l.relation, l.qa_flag,
    CASE WHEN p.level = 'country' THEN NULL ELSE p.full_name END
FROM unit_lineage l
LEFT JOIN unit u ON u.structure = l.old_structure AND u.code = l.old_code
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE l.new_structure = ? AND l.new_code = ?
ORDER BY l.old_code;

-- The search index kept in memory by units_search.c: every unit with the
-- fields of a list item, and every search key.
-- name: units_index_units
SELECT u.structure, u.code, u.name, u.full_name, u.level, u.level_rank,
    u.unit_type, u.parent_code, p.name, u.is_rural, u.children_count
FROM unit u
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code;

-- name: units_index_keys
SELECT structure, search_key, weight, code FROM unit_search;
