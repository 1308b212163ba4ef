-- OCOP producers, products, photos and history (src/domain/ocop/ocop_*.c,
-- docs/OCOP.md sections 1 and 2).

-- name: ocop_producer_insert
INSERT INTO ocop_producer (name, search_name, kind, structure, code, address,
    phone, tax_code, created_at, updated_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: ocop_producer_update
UPDATE ocop_producer SET name = ?, search_name = ?, kind = ?, address = ?,
    phone = ?, tax_code = ?, updated_at = ?, row_version = row_version + 1
WHERE id = ?;

-- Columns: 0 id, 1 name, 2 kind, 3 structure, 4 code, 5 address, 6 phone,
-- 7 tax_code, 8 created_at, 9 updated_at, 10 row_version, 11 commune name.
-- name: ocop_producer_get
SELECT p.id, p.name, p.kind, p.structure, p.code, p.address, p.phone,
    p.tax_code, p.created_at, p.updated_at, p.row_version, u.full_name
FROM ocop_producer p JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE p.id = ?;

-- The producers of a unit's subtree (same rule as ocop_product_list).
-- name: ocop_producer_list
SELECT p.id, p.name, p.kind, p.structure, p.code, p.address, p.phone,
    p.tax_code, p.created_at, p.updated_at, p.row_version, u.full_name
FROM ocop_producer p JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE (CAST(? AS TEXT) IS NULL OR (p.structure = ? AND p.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
            AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
        OR EXISTS (SELECT 1 FROM unit_lineage l
            JOIN unit o ON o.structure = l.old_structure AND o.code = l.old_code
            LEFT JOIN unit od ON od.structure = o.structure
                AND od.code = o.parent_code
            WHERE l.new_structure = p.structure AND l.new_code = p.code
                AND l.old_structure = ? AND (l.old_code = ?
                    OR o.parent_code = ? OR od.parent_code = ?)))
    AND (CAST(? AS TEXT) IS NULL OR p.search_name LIKE ?)
ORDER BY p.search_name, p.id LIMIT ? OFFSET ?;

-- name: ocop_producer_user_add
INSERT INTO ocop_producer_user (producer_id, user_id) VALUES (?, ?);

-- name: ocop_producer_user_has
SELECT 1 FROM ocop_producer_user WHERE producer_id = ? AND user_id = ?;

-- name: ocop_producer_users
SELECT u.id, u.username FROM ocop_producer_user pu
JOIN app_user u ON u.id = pu.user_id WHERE pu.producer_id = ? ORDER BY u.username;

-- name: ocop_product_insert
INSERT INTO ocop_product (producer_id, name, search_name, product_group,
    subgroup, description, ingredients, standards, business_plan, structure,
    code, state, instance_id, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: ocop_product_update
UPDATE ocop_product SET name = ?, search_name = ?, product_group = ?,
    subgroup = ?, description = ?, ingredients = ?, standards = ?,
    business_plan = ?, updated_at = ?, row_version = row_version + 1
WHERE id = ? AND row_version = ?;

-- name: ocop_product_set_state
UPDATE ocop_product SET state = ?, updated_at = ?, row_version = row_version + 1
WHERE id = ?;

-- Columns: 0 id, 1 producer_id, 2 name, 3 product_group, 4 subgroup,
-- 5 description, 6 ingredients, 7 standards, 8 business_plan, 9 structure,
-- 10 code, 11 state, 12 instance_id, 13 stars, 14 score, 15 row_version,
-- 16 created_at, 17 updated_at, 18 producer name, 19 commune name.
-- name: ocop_product_get
SELECT p.id, p.producer_id, p.name, p.product_group, p.subgroup,
    p.description, p.ingredients, p.standards, p.business_plan, p.structure,
    p.code, p.state, p.instance_id, p.stars, p.score, p.row_version,
    p.created_at, p.updated_at, r.name, u.full_name
FROM ocop_product p JOIN ocop_producer r ON r.id = p.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE p.id = ?;

-- The products of a unit's subtree: the commune itself, a unit above it
-- (unit_scope), or a pre-2025 commune, district or province one of whose
-- communes (or itself) went, by the lineage, into the product's commune.
-- Parameters: each filter twice (NULL: any): unit as structure/code pairs
-- (1-9), stars, group, state, producer, folded q as a LIKE pattern.
-- name: ocop_product_list
SELECT p.id, p.producer_id, p.name, p.product_group, p.subgroup,
    p.description, p.ingredients, p.standards, p.business_plan, p.structure,
    p.code, p.state, p.instance_id, p.stars, p.score, p.row_version,
    p.created_at, p.updated_at, r.name, u.full_name
FROM ocop_product p JOIN ocop_producer r ON r.id = p.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE (CAST(? AS TEXT) IS NULL OR (p.structure = ? AND p.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
            AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
        OR EXISTS (SELECT 1 FROM unit_lineage l
            JOIN unit o ON o.structure = l.old_structure AND o.code = l.old_code
            LEFT JOIN unit od ON od.structure = o.structure
                AND od.code = o.parent_code
            WHERE l.new_structure = p.structure AND l.new_code = p.code
                AND l.old_structure = ? AND (l.old_code = ?
                    OR o.parent_code = ? OR od.parent_code = ?)))
    AND (CAST(? AS INTEGER) IS NULL OR p.stars = ?)
    AND (CAST(? AS INTEGER) IS NULL OR p.product_group = ?)
    AND (CAST(? AS TEXT) IS NULL OR p.state = ?)
    AND (CAST(? AS INTEGER) IS NULL OR p.producer_id = ?)
    AND (CAST(? AS TEXT) IS NULL OR p.search_name LIKE ?)
ORDER BY p.search_name, p.id LIMIT ? OFFSET ?;

-- name: ocop_product_count
SELECT COUNT(*)
FROM ocop_product p
WHERE (CAST(? AS TEXT) IS NULL OR (p.structure = ? AND p.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
            AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
        OR EXISTS (SELECT 1 FROM unit_lineage l
            JOIN unit o ON o.structure = l.old_structure AND o.code = l.old_code
            LEFT JOIN unit od ON od.structure = o.structure
                AND od.code = o.parent_code
            WHERE l.new_structure = p.structure AND l.new_code = p.code
                AND l.old_structure = ? AND (l.old_code = ?
                    OR o.parent_code = ? OR od.parent_code = ?)))
    AND (CAST(? AS INTEGER) IS NULL OR p.stars = ?)
    AND (CAST(? AS INTEGER) IS NULL OR p.product_group = ?)
    AND (CAST(? AS TEXT) IS NULL OR p.state = ?)
    AND (CAST(? AS INTEGER) IS NULL OR p.producer_id = ?)
    AND (CAST(? AS TEXT) IS NULL OR p.search_name LIKE ?);

-- name: ocop_history_add
INSERT INTO ocop_product_history (product_id, at, user_id, username, field,
    old_value, new_value)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- Each change with the full name of who made it (the login is kept; a
-- change made by the platform has no user).
-- name: ocop_history_list
SELECT h.id, h.at, h.username, h.field, h.old_value, h.new_value, u.full_name
FROM ocop_product_history h LEFT JOIN app_user u ON u.id = h.user_id
WHERE h.product_id = ? ORDER BY h.id;

-- Photo bytes and thumbnails: once per SHA-256 (the dossiers' store).
-- name: ocop_blob_insert
INSERT INTO attachment_blob (sha256, size, data) VALUES (?, ?, ?)
ON CONFLICT (sha256) DO NOTHING;

-- name: ocop_photo_insert
INSERT INTO ocop_product_photo (product_id, filename, mime, size, sha256,
    width, height, thumb_sha256, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: ocop_photo_count
SELECT COUNT(*) FROM ocop_product_photo WHERE product_id = ?;

-- name: ocop_photo_list
SELECT id, filename, mime, size, width, height, created_at
FROM ocop_product_photo WHERE product_id = ? ORDER BY id;

-- The photo (0) or its thumbnail (1): mime, bytes, sha256.
-- name: ocop_photo_bytes
SELECT CASE WHEN ? = 1 THEN 'image/png' ELSE p.mime END, b.data, b.sha256
FROM ocop_product_photo p
JOIN attachment_blob b ON b.sha256 = CASE WHEN ? = 1 THEN p.thumb_sha256
    ELSE p.sha256 END
WHERE p.product_id = ? AND p.id = ?;

-- ntm demo: an account's id by its username.
-- name: ocop_demo_user
SELECT id FROM app_user WHERE username = ?;

-- ntm demo: is there any producer yet (running it again keeps what exists)?
-- name: ocop_demo_any
SELECT COUNT(*) FROM ocop_producer;

-- The producers a user represents (the producer's own pages).
-- name: ocop_producers_of_user
SELECT p.id, p.name FROM ocop_producer_user pu
JOIN ocop_producer p ON p.id = pu.producer_id
WHERE pu.user_id = ? ORDER BY p.search_name, p.id;
