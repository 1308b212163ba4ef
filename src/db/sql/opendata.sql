-- The open data sets (src/domain/opendata/): whole public tables read in
-- a stable order, one statement a data set.  Nothing here reads an
-- account, a household code, a comment or a person's name: only units,
-- the criteria engine's maintained results, titles and published
-- documents.  Column lists are the data set's, in its order
-- (opendata_sql.c names them).

-- The units of one structure (1), every level, in code order.
-- name: od_units
SELECT u.code, u.name, u.full_name, u.level, u.unit_type, u.unit_class,
    u.parent_code, u.region7_code, u.is_rural
FROM unit u WHERE u.structure = ?
ORDER BY u.level_rank, u.code;

-- The old (pre-2025) units and the 2025 units they went into.
-- name: od_lineage
SELECT l.old_code, l.old_name, l.new_code, n.full_name, l.relation,
    l.qa_flag
FROM unit_lineage l
JOIN unit n ON n.structure = l.new_structure AND n.code = l.new_code
WHERE l.old_structure = 'pre2025' AND l.new_structure = '2025'
ORDER BY l.old_code, l.new_code;

-- The maintained roll-ups of the nation and the provinces, every set
-- and year: the numbers of /units/{structure}/{code}/rollup/{set}/{year}.
-- name: od_rollups
SELECT r.set_id, r.year, r.scope_structure, r.scope_code, u.full_name,
    u.level, r.evaluated, r.met, r.not_met, r.incomplete, r.revocation,
    r.criteria_met_sum
FROM rollup r
JOIN unit u ON u.structure = r.scope_structure AND u.code = r.scope_code
WHERE u.level IN ('country', 'province')
ORDER BY r.set_id, r.year, r.scope_structure, u.level_rank, r.scope_code;

-- Each commune's evaluation (status and criteria met) by set and year,
-- with its province (the parent, or the district's parent before 2025).
-- name: od_evaluations
SELECT e.set_id, e.year, e.structure, e.code, u.full_name,
    CASE WHEN p.level = 'province' THEN p.code ELSE pp.code END,
    CASE WHEN p.level = 'province' THEN p.full_name ELSE pp.full_name END,
    e.status, e.criteria_met, e.criteria_total
FROM evaluation e
JOIN unit u ON u.structure = e.structure AND u.code = e.code
LEFT JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
LEFT JOIN unit pp ON pp.structure = p.structure AND pp.code = p.parent_code
WHERE u.level = 'commune'
ORDER BY e.set_id, e.year, e.structure, e.code;

-- The titles granted (the public register /recognitions), revoked ones
-- with the day and decision that ended them.  No signer: a person.
-- name: od_recognitions
SELECT r.structure, r.code, u.full_name, pu.full_name, r.title, r.set_id,
    r.year, r.decision_no, r.decision_date, r.revoked_at, r.revocation_no
FROM unit_recognition r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
ORDER BY r.decision_date, r.structure, r.code, r.set_id;

-- The campaigns, oldest first: the data set keeps those whose results
-- are published (surv_results decides).
-- name: od_campaigns
SELECT c.id FROM survey_campaign c ORDER BY c.id;

-- The newest version of every criteria set, with its document.
-- name: od_criteria_sets
SELECT c.set_id, c.version, c.document
FROM criteria_set c
WHERE c.version = (SELECT MAX(v.version) FROM criteria_set v
    WHERE v.set_id = c.set_id)
ORDER BY c.set_id;
