-- Bulk exchange files (src/domain/exchange/, docs/EXCHANGE.md section 5):
-- one statement a data set, its columns those the data set documents, in
-- order.  Every statement keeps to a unit's subtree: the unit itself, or a
-- unit that has it among its roll-up scopes (unit_scope: its ancestors,
-- and for a pre-2025 unit the 2025 province and country its area went
-- into).  Parameters: the unit's (structure, code) as often as the data
-- set says, then, for a data set with a period, from twice and to twice
-- (NULL: open).  Nothing here reads a person's name or contact, a survey
-- response or a draft report.

-- Units of the subtree, both structures (villages through their commune).
-- name: xc_units
SELECT u.structure, u.code, u.name, u.full_name, u.level, u.unit_type,
    u.unit_class, u.parent_code, u.region7_code, u.is_rural
FROM unit u
WHERE (u.structure = ? AND u.code = ?)
    OR (u.structure = ? AND u.parent_code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = u.structure
        AND s.code = CASE WHEN u.level = 'village' THEN u.parent_code
            ELSE u.code END
        AND s.scope_structure = ? AND s.scope_code = ?)
ORDER BY u.structure, u.level_rank, u.code;

-- The old units that went into the 2025 units of the subtree.
-- name: xc_lineage
SELECT l.old_structure, l.old_code, l.old_name, l.new_structure,
    l.new_code, n.full_name, l.relation, l.qa_flag
FROM unit_lineage l
JOIN unit n ON n.structure = l.new_structure AND n.code = l.new_code
WHERE (l.new_structure = ? AND l.new_code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = l.new_structure
        AND s.code = l.new_code AND s.scope_structure = ? AND s.scope_code = ?)
ORDER BY l.new_structure, l.new_code, l.old_structure, l.old_code;

-- Indicator values typed (or imported) for the units of the subtree.
-- name: xc_indicator_values
SELECT v.set_id, v.year, v.structure, v.code, u.full_name, v.indicator_id,
    v.value, v.updated_at
FROM indicator_value v
JOIN unit u ON u.structure = v.structure AND u.code = v.code
WHERE ((v.structure = ? AND v.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = v.structure
        AND s.code = v.code AND s.scope_structure = ? AND s.scope_code = ?))
    AND (CAST(? AS INTEGER) IS NULL OR v.year >= ?)
    AND (CAST(? AS INTEGER) IS NULL OR v.year <= ?)
ORDER BY v.set_id, v.year, v.structure, v.code, v.indicator_id;

-- The maintained evaluations of the units of the subtree.
-- name: xc_evaluations
SELECT e.set_id, e.set_version, e.year, e.structure, e.code, u.full_name,
    u.level, e.status, e.criteria_met, e.criteria_failed,
    e.criteria_unknown, e.criteria_total, e.computed_at
FROM evaluation e
JOIN unit u ON u.structure = e.structure AND u.code = e.code
WHERE ((e.structure = ? AND e.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = e.structure
        AND s.code = e.code AND s.scope_structure = ? AND s.scope_code = ?))
    AND (CAST(? AS INTEGER) IS NULL OR e.year >= ?)
    AND (CAST(? AS INTEGER) IS NULL OR e.year <= ?)
ORDER BY e.set_id, e.year, e.structure, e.code;

-- Every value of the reports sent (never a draft) by the units of the
-- subtree, the report's period year in the period; the slot three times
-- (slot, its element, its category: split by the writer).
-- name: xc_reports
SELECT r.id, r.form_id, r.form_version, f.title, r.period, r.structure,
    r.code, u.full_name, r.state, r.submitted_at, r.approved_at, v.slot,
    v.slot, v.slot, v.value, v.automatic
FROM rep_report r
JOIN rep_form f ON f.form_id = r.form_id AND f.version = r.form_version
JOIN unit u ON u.structure = r.structure AND u.code = r.code
JOIN rep_value v ON v.report_id = r.id
WHERE r.state <> 'draft'
    AND ((r.structure = ? AND r.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = r.structure
        AND s.code = r.code AND s.scope_structure = ? AND s.scope_code = ?))
    AND (CAST(? AS INTEGER) IS NULL
        OR CAST(SUBSTR(r.period, 1, 4) AS INTEGER) >= ?)
    AND (CAST(? AS INTEGER) IS NULL
        OR CAST(SUBSTR(r.period, 1, 4) AS INTEGER) <= ?)
ORDER BY r.form_id, r.period, r.structure, r.code, r.id, v.slot;

-- Recognition (and revocation) dossiers of the units of the subtree: the
-- state of their procedure and the decision; never the signer's name, a
-- comment or a justification.
-- name: xc_dossiers
SELECT d.id, d.kind, d.title, d.set_id, d.year, d.structure, d.code,
    u.full_name, i.state, d.is_open, i.state_since, i.due_on,
    d.decision_no, d.decision_date, d.revokes, d.created_at
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
JOIN unit u ON u.structure = d.structure AND u.code = d.code
WHERE ((d.structure = ? AND d.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = d.structure
        AND s.code = d.code AND s.scope_structure = ? AND s.scope_code = ?))
    AND (CAST(? AS INTEGER) IS NULL OR d.year >= ?)
    AND (CAST(? AS INTEGER) IS NULL OR d.year <= ?)
ORDER BY d.year, d.structure, d.code, d.id;

-- OCOP producers of the subtree (no phone: a person's).
-- name: xc_ocop_producers
SELECT p.id, p.name, p.kind, p.structure, p.code, u.full_name, p.address,
    p.tax_code, p.created_at, p.updated_at
FROM ocop_producer p
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE (p.structure = ? AND p.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
        AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
ORDER BY p.structure, p.code, p.id;

-- OCOP products of the subtree with their state and rating.
-- name: xc_ocop_products
SELECT p.id, p.producer_id, r.name, p.name, p.product_group, p.subgroup,
    p.structure, p.code, u.full_name, p.state, p.stars, p.score,
    p.created_at, p.updated_at
FROM ocop_product p
JOIN ocop_producer r ON r.id = p.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE (p.structure = ? AND p.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
        AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
ORDER BY p.structure, p.code, p.id;

-- OCOP certificates of the products of the subtree, issued in the period.
-- name: xc_ocop_certificates
SELECT c.id, c.code, c.number, c.product_id, p.name, r.name, p.structure,
    p.code, u.full_name, c.level, c.stars, c.score, c.issued_on,
    c.expires_on, c.issuer_structure, c.issuer_code, c.source, c.replaces_id,
    c.revoked_on
FROM ocop_certificate c
JOIN ocop_product p ON p.id = c.product_id
JOIN ocop_producer r ON r.id = p.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE ((p.structure = ? AND p.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
        AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?))
    AND (CAST(? AS TEXT) IS NULL OR c.issued_on >= ?)
    AND (CAST(? AS TEXT) IS NULL OR c.issued_on <= ?)
ORDER BY c.issued_on, c.id;

-- The campaigns of the subtree closing in the period (the writer keeps
-- those whose results are published: surv_results decides).
-- name: xc_campaigns
SELECT c.id
FROM survey_campaign c
WHERE ((c.structure = ? AND c.unit_code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = c.structure
        AND s.code = c.unit_code AND s.scope_structure = ?
        AND s.scope_code = ?))
    AND (CAST(? AS TEXT) IS NULL OR c.closes_on >= ?)
    AND (CAST(? AS TEXT) IS NULL OR c.closes_on <= ?)
ORDER BY c.closes_on, c.id;

-- The marketplace's orders of the producers of the subtree, per producer
-- and month placed: counts and amounts only, nothing of the buyers.
-- name: xc_market_orders
SELECT o.producer_id, p.name, p.structure, p.code, u.full_name,
    SUBSTR(o.placed_at, 1, 7), COUNT(*),
    SUM(CASE WHEN o.state = 'delivered' THEN 1 ELSE 0 END),
    SUM(CASE WHEN o.state = 'delivered' THEN o.goods_vnd ELSE 0 END),
    SUM(o.goods_vnd)
FROM market_order o
JOIN ocop_producer p ON p.id = o.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE ((p.structure = ? AND p.code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
        AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?))
    AND (CAST(? AS TEXT) IS NULL OR SUBSTR(o.placed_at, 1, 10) >= ?)
    AND (CAST(? AS TEXT) IS NULL OR SUBSTR(o.placed_at, 1, 10) <= ?)
GROUP BY o.producer_id, p.name, p.structure, p.code, u.full_name,
    SUBSTR(o.placed_at, 1, 7)
ORDER BY SUBSTR(o.placed_at, 1, 7), o.producer_id;

-- The typed values of a set and year for the 2025 communes (the digital
-- readiness file joins them to the picture's scores).
-- name: xc_dx_typed
SELECT v.code, v.indicator_id, v.value
FROM indicator_value v
WHERE v.set_id = ? AND v.year = ? AND v.structure = '2025'
ORDER BY v.code, v.indicator_id;

-- The years a scored set has any typed value in.
-- name: xc_dx_years
SELECT DISTINCT v.year FROM indicator_value v
WHERE v.set_id = ? ORDER BY v.year;
