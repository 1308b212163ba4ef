-- The public catalog of the marketplace (src/domain/market/market_catalog.c,
-- market_search.c; docs/MARKET.md section 4).

-- Every active listing whose product's newest certificate is not revoked:
-- read once into memory each time the marketplace ("market"), the OCOP
-- records or the units change; whether the certificate is still valid on
-- a day is decided at each search (market_sellable).  Stock is not here:
-- it is read live for the rows shown.  The first photo: the listing's own
-- (by position), else the product's first.
-- Columns: 0 listing id, 1 product id, 2 product name, 3 group, 4 variant,
-- 5 unit, 6 price, 7 producer id, 8 producer, 9 commune, 10 province code,
-- 11 province, 12 listing description, 13 product description,
-- 14 certificate code, 15 stars, 16 expires_on, 17 updated_at,
-- 18 listing photo id, 19 its width, 20 height, 21 product photo id,
-- 22 its width, 23 height.
-- name: market_catalog_index
SELECT l.id, p.id, p.name, p.product_group, l.variant, l.unit_name,
    l.price_vnd, r.id, r.name, u.full_name, l.province_code, pu.name,
    l.description, p.description, c.code, c.stars, c.expires_on,
    l.updated_at, ph.id, ph.width, ph.height, pp.id, pp.width, pp.height
FROM market_listing l
JOIN ocop_product p ON p.id = l.product_id
JOIN ocop_producer r ON r.id = l.producer_id
JOIN ocop_certificate c ON c.product_id = l.product_id
JOIN unit u ON u.structure = l.structure AND u.code = l.code
LEFT JOIN unit pu ON pu.structure = '2025' AND pu.code = l.province_code
LEFT JOIN market_listing_photo ph ON ph.id = (SELECT f.id
    FROM market_listing_photo f WHERE f.listing_id = l.id
    ORDER BY f.position, f.id LIMIT 1)
LEFT JOIN ocop_product_photo pp ON pp.id = (SELECT MIN(g.id)
    FROM ocop_product_photo g WHERE g.product_id = l.product_id)
WHERE l.status = 'active' AND c.revoked_on IS NULL
AND NOT EXISTS (SELECT 1 FROM ocop_certificate n
    WHERE n.product_id = c.product_id
    AND (n.issued_on > c.issued_on OR (n.issued_on = c.issued_on
        AND n.id > c.id)));

-- A listing's stock, read live for each row shown.
-- name: market_catalog_stock
SELECT stock FROM market_listing WHERE id = ?;

-- Did a listing ever exist (a page of one no longer sold: 410)?
-- name: market_catalog_exists
SELECT status FROM market_listing WHERE id = ?;

-- A listing's photos, then its product's (the product page).
-- name: market_catalog_photos
SELECT id, width, height FROM market_listing_photo WHERE listing_id = ?
ORDER BY position, id;

-- name: market_catalog_product_photos
SELECT id, width, height FROM ocop_product_photo WHERE product_id = ?
ORDER BY id;

-- Where the producer ships and for how much: the province's rule first,
-- the rule for every other province (NULL) last.
-- name: market_catalog_shipping
SELECT s.province_code, pu.name, s.first_grams, s.first_fee_vnd,
    s.step_grams, s.step_fee_vnd
FROM market_shipping_rule s
LEFT JOIN unit pu ON pu.structure = '2025' AND pu.code = s.province_code
WHERE s.producer_id = ?
ORDER BY CASE WHEN s.province_code IS NULL THEN 1 ELSE 0 END,
    s.province_code;

-- The shop's introduction and the payments it accepts.
-- name: market_catalog_shop
SELECT intro, accepts_cod, accepts_transfer FROM market_shop
WHERE producer_id = ?;

-- A listing's reviews, newest first, and their count and average.
-- name: market_catalog_reviews
SELECT rating, body, author, created_at FROM market_review
WHERE listing_id = ? ORDER BY created_at DESC, order_id DESC LIMIT 20;

-- name: market_catalog_rating
SELECT COUNT(*), SUM(rating) FROM market_review WHERE listing_id = ?;
