-- OCOP evaluation rounds (src/domain/ocop/ocop_rounds.c, migration 0018).

-- name: ocop_round_insert
INSERT INTO ocop_round (level, structure, code, name, scorecard_id,
    scorecard_version, state, chair_id, opened_at, opened_by)
VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id;

-- Columns: 0 id, 1 level, 2 structure, 3 code, 4 name, 5 scorecard_id,
-- 6 scorecard_version, 7 state, 8 chair_id, 9 opened_at, 10 closed_at,
-- 11 unit name, 12 chair's full name.
-- name: ocop_round_get
SELECT r.id, r.level, r.structure, r.code, r.name, r.scorecard_id,
    r.scorecard_version, r.state, r.chair_id, r.opened_at, r.closed_at,
    u.full_name, c.full_name
FROM ocop_round r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
JOIN app_user c ON c.id = r.chair_id
WHERE r.id = ?;

-- Rounds of a unit (NULL: all) or of a member (0: any), newest first:
-- the columns of ocop_round_get.
-- name: ocop_round_list
SELECT r.id, r.level, r.structure, r.code, r.name, r.scorecard_id,
    r.scorecard_version, r.state, r.chair_id, r.opened_at, r.closed_at,
    u.full_name, c.full_name
FROM ocop_round r
JOIN unit u ON u.structure = r.structure AND u.code = r.code
JOIN app_user c ON c.id = r.chair_id
WHERE (CAST(? AS TEXT) IS NULL OR (r.structure = ? AND r.code = ?))
    AND (CAST(? AS INTEGER) = 0 OR EXISTS (SELECT 1 FROM ocop_round_member m
        WHERE m.round_id = r.id AND m.user_id = ?))
ORDER BY r.id DESC LIMIT ? OFFSET ?;

-- name: ocop_round_close
UPDATE ocop_round SET state = 'closed', closed_at = ?
WHERE id = ? AND state = 'open';

-- name: ocop_round_member_add
INSERT INTO ocop_round_member (round_id, user_id, added_at) VALUES (?, ?, ?)
ON CONFLICT (round_id, user_id) DO NOTHING;

-- name: ocop_round_member_has
SELECT 1 FROM ocop_round_member WHERE round_id = ? AND user_id = ?;

-- Members with how many sheets each submitted: 0 user id, 1 username,
-- 2 full name, 3 submitted.
-- name: ocop_round_members
SELECT m.user_id, u.username, u.full_name,
    (SELECT COUNT(*) FROM ocop_round_sheet s WHERE s.round_id = m.round_id
        AND s.user_id = m.user_id AND s.submitted = 1)
FROM ocop_round_member m JOIN app_user u ON u.id = m.user_id
WHERE m.round_id = ? ORDER BY u.full_name, u.id;

-- The user's ocop_evaluator bindings: 0 structure, 1 unit code.
-- name: ocop_round_evaluator_units
SELECT r.structure, r.unit_code FROM user_role r
JOIN app_user u ON u.id = r.user_id
WHERE r.user_id = ? AND r.role = 'ocop_evaluator' AND u.disabled = 0;

-- name: ocop_round_product_add
INSERT INTO ocop_round_product (round_id, product_id, added_at)
VALUES (?, ?, ?);

-- An open round already holding the product (its id), if any.
-- name: ocop_round_product_open
SELECT r.id FROM ocop_round_product p JOIN ocop_round r ON r.id = p.round_id
WHERE p.product_id = ? AND r.state = 'open';

-- name: ocop_round_product_has
SELECT 1 FROM ocop_round_product WHERE round_id = ? AND product_id = ?;

-- The products of a round: 0 id, 1 name, 2 group, 3 subgroup, 4 state,
-- 5 mean, 6 stars, 7 spread, 8 flagged, 9 outcome, 10 submitted sheets,
-- 11 producer name, 12 product stars, 13 product score.
-- name: ocop_round_products
SELECT p.id, p.name, p.product_group, p.subgroup, p.state, rp.mean,
    rp.stars, rp.spread, rp.flagged, rp.outcome,
    (SELECT COUNT(*) FROM ocop_round_sheet s WHERE s.round_id = rp.round_id
        AND s.product_id = p.id AND s.submitted = 1),
    o.name, p.stars, p.score
FROM ocop_round_product rp JOIN ocop_product p ON p.id = rp.product_id
JOIN ocop_producer o ON o.id = p.producer_id
WHERE rp.round_id = ? ORDER BY p.name, p.id;

-- name: ocop_round_product_result
UPDATE ocop_round_product SET mean = ?, stars = ?, spread = ?, flagged = ?,
    outcome = ?
WHERE round_id = ? AND product_id = ?;

-- A product's rating by a round.
-- name: ocop_round_product_rate
UPDATE ocop_product SET stars = ?, score = ?, updated_at = ?,
    row_version = row_version + 1
WHERE id = ?;

-- The latest closed provincial result of a product: 0 mean, 1 stars,
-- 2 round id.
-- name: ocop_round_product_provincial
SELECT rp.mean, rp.stars, r.id FROM ocop_round_product rp
JOIN ocop_round r ON r.id = rp.round_id
WHERE rp.product_id = ? AND r.level = 'province' AND r.state = 'closed'
    AND rp.mean IS NOT NULL
ORDER BY r.closed_at DESC, r.id DESC LIMIT 1;

-- name: ocop_round_sheet_put
INSERT INTO ocop_round_sheet (round_id, product_id, user_id, scores, parts,
    total, submitted, submitted_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (round_id, product_id, user_id) DO UPDATE SET
    scores = excluded.scores, parts = excluded.parts, total = excluded.total,
    submitted = excluded.submitted, submitted_at = excluded.submitted_at,
    updated_at = excluded.updated_at
WHERE ocop_round_sheet.submitted = 0;

-- One member's sheet: 0 scores, 1 parts, 2 total, 3 submitted,
-- 4 submitted_at, 5 updated_at.
-- name: ocop_round_sheet_get
SELECT scores, parts, total, submitted, submitted_at, updated_at
FROM ocop_round_sheet WHERE round_id = ? AND product_id = ? AND user_id = ?;

-- Every member's sheet of a product: 0 user id, 1 full name, 2 scores,
-- 3 parts, 4 total, 5 submitted, 6 submitted_at, 7 updated_at (members
-- without a sheet have NULL scores).
-- name: ocop_round_sheets
SELECT m.user_id, u.full_name, s.scores, s.parts, s.total, s.submitted,
    s.submitted_at, s.updated_at
FROM ocop_round_member m JOIN app_user u ON u.id = m.user_id
LEFT JOIN ocop_round_sheet s ON s.round_id = m.round_id
    AND s.user_id = m.user_id AND s.product_id = ?
WHERE m.round_id = ? ORDER BY u.full_name, u.id;

-- The submitted totals of a product in a round.
-- name: ocop_round_totals
SELECT total FROM ocop_round_sheet
WHERE round_id = ? AND product_id = ? AND submitted = 1 ORDER BY user_id;

-- The sheets waiting for a member in open rounds (not yet submitted):
-- 0 round id, 1 round name, 2 product id, 3 product name.
-- name: ocop_round_waiting
SELECT r.id, r.name, p.id, p.name
FROM ocop_round_member m JOIN ocop_round r ON r.id = m.round_id
JOIN ocop_round_product rp ON rp.round_id = r.id
JOIN ocop_product p ON p.id = rp.product_id
WHERE m.user_id = ? AND r.state = 'open'
    AND NOT EXISTS (SELECT 1 FROM ocop_round_sheet s WHERE s.round_id = r.id
        AND s.product_id = p.id AND s.user_id = m.user_id AND s.submitted = 1)
ORDER BY r.id, p.name, p.id LIMIT ?;

-- name: ocop_round_waiting_count
SELECT COUNT(*)
FROM ocop_round_member m JOIN ocop_round r ON r.id = m.round_id
JOIN ocop_round_product rp ON rp.round_id = r.id
WHERE m.user_id = ? AND r.state = 'open'
    AND NOT EXISTS (SELECT 1 FROM ocop_round_sheet s WHERE s.round_id = r.id
        AND s.product_id = rp.product_id AND s.user_id = m.user_id
        AND s.submitted = 1);

-- Every enabled ocop_evaluator binding (the choices of a round's chair
-- and members, kept to the round's unit by the domain): 0 user id,
-- 1 full name, 2 structure, 3 unit code.
-- name: ocop_round_evaluators
SELECT u.id, u.full_name, r.structure, r.unit_code FROM user_role r
JOIN app_user u ON u.id = r.user_id
WHERE r.role = 'ocop_evaluator' AND u.disabled = 0
ORDER BY u.full_name, u.id LIMIT 500;

-- ntm demo: is there any round yet (running it again keeps what exists)?
-- name: ocop_demo_any_round
SELECT count(*) FROM ocop_round;
