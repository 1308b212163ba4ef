-- The producer's side of the marketplace: shops, shipping rules, listings
-- and their photos (src/domain/market/market_listings.c, market_shop*.c;
-- migration 0019, docs/MARKET.md section 3).

-- A shop, opened or changed (one row a producer).
-- name: market_shop_upsert
INSERT INTO market_shop (producer_id, intro, bank_bin, bank_account,
    account_name, accepts_cod, accepts_transfer, row_version, created_at,
    updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
ON CONFLICT (producer_id) DO UPDATE SET intro = excluded.intro,
    bank_bin = excluded.bank_bin, bank_account = excluded.bank_account,
    account_name = excluded.account_name,
    accepts_cod = excluded.accepts_cod,
    accepts_transfer = excluded.accepts_transfer,
    row_version = market_shop.row_version + 1,
    updated_at = excluded.updated_at;

-- name: market_shop_get
SELECT s.producer_id, p.name, s.intro, s.bank_bin, s.bank_account,
    s.account_name, s.accepts_cod, s.accepts_transfer, s.row_version,
    s.created_at, s.updated_at
FROM market_shop s JOIN ocop_producer p ON p.id = s.producer_id
WHERE s.producer_id = ?;

-- A producer's name and commune (whether or not its shop is open).
-- name: market_producer_get
SELECT p.id, p.name, p.structure, p.code, u.parent_code
FROM ocop_producer p
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE p.id = ?;

-- Shipping rules: the whole set is replaced.
-- name: market_rules_delete
DELETE FROM market_shipping_rule WHERE producer_id = ?;

-- name: market_rule_insert
INSERT INTO market_shipping_rule (producer_id, province_code, first_grams,
    first_fee_vnd, step_grams, step_fee_vnd, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- The rest of the country (no province) last, then by province code.
-- name: market_rules_list
SELECT r.id, r.province_code, u.full_name, r.first_grams, r.first_fee_vnd,
    r.step_grams, r.step_fee_vnd
FROM market_shipping_rule r
LEFT JOIN unit u ON u.structure = '2025' AND u.code = r.province_code
WHERE r.producer_id = ?
ORDER BY CASE WHEN r.province_code IS NULL THEN 1 ELSE 0 END,
    r.province_code;

-- Is code a province of the 2025 structure?  Its name.
-- name: market_province_name
SELECT full_name FROM unit
WHERE structure = '2025' AND code = ? AND level = 'province';

-- A product a listing would sell: its producer, name and commune, and the
-- commune's province.
-- name: market_product_get
SELECT p.id, p.producer_id, p.name, p.structure, p.code, u.parent_code
FROM ocop_product p
JOIN unit u ON u.structure = p.structure AND u.code = p.code
WHERE p.id = ?;

-- name: market_listing_insert
INSERT INTO market_listing (product_id, producer_id, variant, unit_name,
    price_vnd, stock, weight_grams, description, status, structure, code,
    province_code, row_version, created_at, updated_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id;

-- An edit checked against the version the producer read.
-- name: market_listing_update
UPDATE market_listing SET variant = ?, unit_name = ?, price_vnd = ?,
    stock = ?, weight_grams = ?, description = ?, status = ?,
    row_version = row_version + 1, updated_at = ?
WHERE id = ? AND row_version = ?;

-- A listing with its product (columns as listing_row reads them).
-- name: market_listing_get
SELECT l.id, l.product_id, l.producer_id, p.name, l.variant, l.unit_name,
    l.price_vnd, l.stock, l.weight_grams, l.description, l.status,
    l.row_version, l.created_at, l.updated_at, l.structure, l.code,
    l.province_code
FROM market_listing l JOIN ocop_product p ON p.id = l.product_id
WHERE l.id = ?;

-- A producer's listings, newest first.
-- name: market_listing_list
SELECT l.id, l.product_id, l.producer_id, p.name, l.variant, l.unit_name,
    l.price_vnd, l.stock, l.weight_grams, l.description, l.status,
    l.row_version, l.created_at, l.updated_at, l.structure, l.code,
    l.province_code
FROM market_listing l JOIN ocop_product p ON p.id = l.product_id
WHERE l.producer_id = ?
ORDER BY l.id DESC LIMIT ? OFFSET ?;

-- name: market_listing_unit
SELECT producer_id, structure, code FROM market_listing WHERE id = ?;

-- A producer's products, by name, for the new listing's choice.
-- name: market_products_of_producer
SELECT id, name FROM ocop_product WHERE producer_id = ? ORDER BY name, id;

-- Listing photos: stored like the product's (attachment_blob by SHA-256).
-- name: market_photo_insert
INSERT INTO market_listing_photo (listing_id, position, filename, mime, size,
    sha256, width, height, thumb_sha256, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: market_photo_count
SELECT COUNT(*), COALESCE(MAX(position), 0) FROM market_listing_photo
WHERE listing_id = ?;

-- name: market_photo_list
SELECT id, filename, mime, size, width, height, created_at
FROM market_listing_photo WHERE listing_id = ? ORDER BY position, id;

-- The photo (0) or its thumbnail (1): mime, bytes, sha256.
-- name: market_photo_bytes
SELECT CASE WHEN ? = 1 THEN 'image/png' ELSE p.mime END, b.data, b.sha256
FROM market_listing_photo p
JOIN attachment_blob b ON b.sha256 = CASE WHEN ? = 1 THEN p.thumb_sha256
    ELSE p.sha256 END
WHERE p.id = ?;

-- ntm demo: the products holding a certificate (revoked or not), by
-- producer, with the producer's commune and province.
-- name: market_demo_products
SELECT p.id, p.producer_id, p.name, pr.name, pr.structure, pr.code,
    u.parent_code, p.product_group
FROM ocop_product p
JOIN ocop_producer pr ON pr.id = p.producer_id
JOIN unit u ON u.structure = pr.structure AND u.code = pr.code
WHERE EXISTS (SELECT 1 FROM ocop_certificate c WHERE c.product_id = p.id)
ORDER BY p.producer_id, p.id;

-- ntm demo: is there any shop yet (running it again keeps what exists)?
-- name: market_demo_any
SELECT COUNT(*) FROM market_shop;
