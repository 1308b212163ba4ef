-- Digital readiness (issue 19, src/domain/dx/): the national picture's
-- reads and the observed values the platform measures itself.  Every
-- observed source has two statements: one unit's value (structure, code,
-- year window) and every commune's in one grouped query (structure, year
-- window); both answer numerator and denominator (a count: denominator
-- NULL).  A year window is two ISO dates, [from, to).

-- The newest dx_readiness set for the 2025 communes covering a year.
-- name: dx_current_set
SELECT c.set_id FROM criteria_set c
WHERE c.kind = 'dx_readiness' AND c.structure = '2025' AND c.level = 'commune'
    AND c.year_from <= ? AND c.year_to >= ?
    AND c.version = (SELECT MAX(m.version) FROM criteria_set m WHERE m.set_id = c.set_id)
ORDER BY c.year_from DESC, c.set_id LIMIT 1;

-- The newest dx_readiness set of any years (no year asked).
-- name: dx_newest_set
SELECT c.set_id, c.year_from, c.year_to FROM criteria_set c
WHERE c.kind = 'dx_readiness' AND c.structure = '2025' AND c.level = 'commune'
    AND c.version = (SELECT MAX(m.version) FROM criteria_set m WHERE m.set_id = c.set_id)
ORDER BY c.year_from DESC, c.set_id LIMIT 1;

-- The units a scored set applies to with their names and province (the
-- 2025 structure has two tiers: a commune's parent is its province).
-- name: dx_communes
SELECT u.code, u.full_name, p.code, p.full_name
FROM unit u
JOIN unit p ON p.structure = u.structure AND p.code = u.parent_code
WHERE u.structure = ? AND u.level = ?
    AND (CAST(? AS TEXT) IS NULL OR u.unit_class = ?)
ORDER BY u.code;

-- name: dx_provinces
SELECT code, full_name FROM unit WHERE structure = ? AND level = 'province'
ORDER BY code;

-- Every typed value of a set and year in one structure, by unit.
-- name: dx_values_all
SELECT code, indicator_id, value FROM indicator_value
WHERE set_id = ? AND year = ? AND structure = ?
ORDER BY code;

-- Years of a set with any typed value.
-- name: dx_years
SELECT DISTINCT year FROM indicator_value WHERE set_id = ? ORDER BY year;

-- ---- observed sources ----
-- Aggregate sources answer (code, numerator, denominator); reports and
-- dossiers answer rows the C side weighs against due dates (a form's
-- due days, a procedure step's deadline live in their documents).

-- Reports of communes whose period lies in the year ('2026' <= period <
-- '2027' holds "2026-07", "2026Q3", "2026H1", "2026"): form, period and
-- when it was submitted.
-- name: dx_reports_all
SELECT r.code, r.form_id, r.form_version, r.period, r.submitted_at
FROM rep_report r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
WHERE r.structure = ? AND u.level = 'commune' AND r.period >= ? AND r.period < ?
ORDER BY r.code;

-- name: dx_reports_one
SELECT r.code, r.form_id, r.form_version, r.period, r.submitted_at
FROM rep_report r
WHERE r.structure = ? AND r.code = ? AND r.period >= ? AND r.period < ?;

-- Recognition dossiers of the year with every step they left: the
-- instance (procedure, created, current state, its due day, terminal) and
-- each event's state left and when (NULL for a dossier not moved yet).
-- name: dx_dossiers_all
SELECT d.code, i.id, i.procedure_id, i.procedure_version, i.created_at,
    i.due_on, i.terminal, ev.from_state, ev.at
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
LEFT JOIN wf_event ev ON ev.instance_id = i.id
WHERE d.structure = ? AND d.kind = 'recognition' AND d.year = ?
ORDER BY d.code, i.id, ev.seq;

-- name: dx_dossiers_one
SELECT d.code, i.id, i.procedure_id, i.procedure_version, i.created_at,
    i.due_on, i.terminal, ev.from_state, ev.at
FROM dossier d
JOIN wf_instance i ON i.id = d.instance_id
LEFT JOIN wf_event ev ON ev.instance_id = i.id
WHERE d.structure = ? AND d.code = ? AND d.kind = 'recognition'
    AND d.year = ?
ORDER BY i.id, ev.seq;

-- OCOP producers of a commune with a product certified in the year (a
-- certificate not revoked, issued before the year's end, expiring within
-- or after it): how many have an active marketplace listing, of them all.
-- name: dx_selling_all
SELECT r.code,
    COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM market_listing l
        WHERE l.producer_id = r.id AND l.status = 'active') THEN r.id END),
    COUNT(DISTINCT r.id)
FROM ocop_producer r
JOIN ocop_product p ON p.producer_id = r.id
JOIN ocop_certificate c ON c.product_id = p.id
WHERE r.structure = ? AND c.revoked_on IS NULL AND c.issued_on < ?
    AND c.expires_on >= ?
GROUP BY r.code ORDER BY r.code;

-- name: dx_selling_one
SELECT r.code,
    COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM market_listing l
        WHERE l.producer_id = r.id AND l.status = 'active') THEN r.id END),
    COUNT(DISTINCT r.id)
FROM ocop_producer r
JOIN ocop_product p ON p.producer_id = r.id
JOIN ocop_certificate c ON c.product_id = p.id
WHERE r.structure = ? AND r.code = ? AND c.revoked_on IS NULL
    AND c.issued_on < ? AND c.expires_on >= ?
GROUP BY r.code;

-- Orders delivered in the year by the producers of a commune that have a
-- marketplace shop (a commune without one has nothing to count): the
-- count, and how many shops.
-- name: dx_orders_all
SELECT r.code,
    SUM((SELECT COUNT(*) FROM market_order o WHERE o.producer_id = r.id
        AND o.state = 'delivered' AND o.delivered_at >= ?
        AND o.delivered_at < ?)),
    COUNT(*)
FROM ocop_producer r
JOIN market_shop s ON s.producer_id = r.id
WHERE r.structure = ?
GROUP BY r.code ORDER BY r.code;

-- name: dx_orders_one
SELECT r.code,
    SUM((SELECT COUNT(*) FROM market_order o WHERE o.producer_id = r.id
        AND o.state = 'delivered' AND o.delivered_at >= ?
        AND o.delivered_at < ?)),
    COUNT(*)
FROM ocop_producer r
JOIN market_shop s ON s.producer_id = r.id
WHERE r.structure = ? AND r.code = ?
GROUP BY r.code;

-- Responses to a commune's survey campaigns closed in the year (closed by
-- an officer, or past their closing day today): how many came online
-- (web), of all (web and paper codes).  Read from the campaigns' tallies
-- (SURV_TALLY_WEB and the responses' row, kept as responses arrive): two
-- rows per campaign, never a scan of millions of responses.
-- name: dx_survey_all
SELECT c.unit_code,
    SUM(COALESCE((SELECT t.n FROM survey_tally t WHERE t.campaign_id = c.id
        AND t.village_code = '' AND t.question_id = '#web' AND t.answer = ''), 0)),
    SUM(COALESCE((SELECT t.n FROM survey_tally t WHERE t.campaign_id = c.id
        AND t.village_code = '' AND t.question_id = '' AND t.answer = ''), 0))
FROM survey_campaign c
WHERE c.structure = ? AND c.closes_on >= ? AND c.closes_on < ?
    AND (c.closed_at IS NOT NULL OR c.closes_on < ?)
GROUP BY c.unit_code ORDER BY c.unit_code;

-- name: dx_survey_one
SELECT c.unit_code,
    SUM(COALESCE((SELECT t.n FROM survey_tally t WHERE t.campaign_id = c.id
        AND t.village_code = '' AND t.question_id = '#web' AND t.answer = ''), 0)),
    SUM(COALESCE((SELECT t.n FROM survey_tally t WHERE t.campaign_id = c.id
        AND t.village_code = '' AND t.question_id = '' AND t.answer = ''), 0))
FROM survey_campaign c
WHERE c.structure = ? AND c.unit_code = ? AND c.closes_on >= ?
    AND c.closes_on < ? AND (c.closed_at IS NOT NULL OR c.closes_on < ?)
GROUP BY c.unit_code;

-- Villages of a commune evaluated in the year under a smart_village set
-- (only their province's own set may evaluate them): how many are met,
-- of those evaluated.
-- name: dx_smart_all
SELECT v.parent_code, SUM(CASE WHEN e.status = 'met' THEN 1 ELSE 0 END),
    COUNT(*)
FROM evaluation e
JOIN unit v ON v.structure = e.structure AND v.code = e.code
WHERE e.structure = ? AND v.level = 'village' AND e.year = ?
    AND e.set_id IN (SELECT m.set_id FROM criteria_set m
        WHERE m.kind = 'smart_village')
GROUP BY v.parent_code ORDER BY v.parent_code;

-- name: dx_smart_one
SELECT v.parent_code, SUM(CASE WHEN e.status = 'met' THEN 1 ELSE 0 END),
    COUNT(*)
FROM evaluation e
JOIN unit v ON v.structure = e.structure AND v.code = e.code
WHERE e.structure = ? AND v.parent_code = ? AND v.level = 'village'
    AND e.year = ?
    AND e.set_id IN (SELECT m.set_id FROM criteria_set m
        WHERE m.kind = 'smart_village')
GROUP BY v.parent_code;

-- The country of a structure (the nation's scope).
-- name: dx_country
SELECT code, full_name FROM unit WHERE structure = ? AND level = 'country'
ORDER BY code LIMIT 1;
