-- The marketplace's carts, checkouts, orders and reviews
-- (src/domain/market/market_orders.c, market_checkout.c; docs/MARKET.md
-- section 5).  An order's workflow instance is the engine's
-- (workflow.sql); state is copied here for lists.

-- A listing as checkout needs it: 0 id, 1 product_id, 2 producer_id,
-- 3 variant, 4 unit_name, 5 price_vnd, 6 stock, 7 weight_grams, 8 status,
-- 9 product name, 10 producer name, 11 producer's structure, 12 its code,
-- 13 accepts_cod, 14 accepts_transfer, 15 bank_bin, 16 bank_account,
-- 17 account_name (13-17 NULL: no shop).
-- name: mo_listing_get
SELECT l.id, l.product_id, l.producer_id, l.variant, l.unit_name,
    l.price_vnd, l.stock, l.weight_grams, l.status, p.name, pr.name,
    pr.structure, pr.code, s.accepts_cod, s.accepts_transfer, s.bank_bin,
    s.bank_account, s.account_name
FROM market_listing l
JOIN ocop_product p ON p.id = l.product_id
JOIN ocop_producer pr ON pr.id = l.producer_id
LEFT JOIN market_shop s ON s.producer_id = l.producer_id
WHERE l.id = ?;

-- The producer's rule for a province, else its rule for every other one.
-- name: mo_shipping_rule
SELECT first_grams, first_fee_vnd, step_grams, step_fee_vnd
FROM market_shipping_rule
WHERE producer_id = ? AND (province_code = ? OR province_code IS NULL)
ORDER BY CASE WHEN province_code IS NULL THEN 1 ELSE 0 END
LIMIT 1;

-- Stock reserved at placement: 0 rows changed means not enough is left.
-- name: mo_stock_take
UPDATE market_listing SET stock = stock - ? WHERE id = ? AND stock >= ?;

-- Stock given back on cancellation and return.
-- name: mo_stock_give
UPDATE market_listing SET stock = stock + ? WHERE id = ?;

-- name: mo_listing_stock
SELECT stock FROM market_listing WHERE id = ?;

-- name: mo_reference_taken
SELECT 1 FROM market_order WHERE reference = ?;

-- name: mo_order_insert
INSERT INTO market_order (reference, access_hash, checkout, producer_id,
    buyer_id, buyer_name, buyer_phone, address, structure, code,
    province_code, payment, state, instance_id, weight_grams, goods_vnd,
    shipping_vnd, total_vnd, fee_vnd, note, placed_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: mo_line_insert
INSERT INTO market_order_line (order_id, listing_id, product_id, name,
    unit_name, price_vnd, quantity, weight_grams, amount_vnd)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Columns of an order wherever one is read whole:
--   0 id, 1 reference, 2 checkout, 3 producer_id, 4 buyer_name,
--   5 buyer_phone, 6 address, 7 structure, 8 code, 9 province_code,
--   10 payment, 11 state, 12 instance_id, 13 weight_grams, 14 goods_vnd,
--   15 shipping_vnd, 16 total_vnd, 17 fee_vnd, 18 paid_vnd, 19 note,
--   20 placed_at, 21 updated_at, 22 delivered_at, 23 row_version,
--   24 producer name, 25 commune full name, 26 province full name,
--   27 bank_bin, 28 bank_account, 29 account_name, 30 producer phone.
-- name: mo_order_by_hash
SELECT o.id, o.reference, o.checkout, o.producer_id, o.buyer_name,
    o.buyer_phone, o.address, o.structure, o.code, o.province_code,
    o.payment, o.state, o.instance_id, o.weight_grams, o.goods_vnd,
    o.shipping_vnd, o.total_vnd, o.fee_vnd, o.paid_vnd, o.note, o.placed_at,
    o.updated_at, o.delivered_at, o.row_version, pr.name, u.full_name,
    pu.full_name, s.bank_bin, s.bank_account, s.account_name, pr.phone
FROM market_order o
JOIN ocop_producer pr ON pr.id = o.producer_id
JOIN unit u ON u.structure = o.structure AND u.code = o.code
LEFT JOIN unit pu ON pu.structure = o.structure AND pu.code = o.province_code
LEFT JOIN market_shop s ON s.producer_id = o.producer_id
WHERE o.access_hash = ?;

-- name: mo_order_get
SELECT o.id, o.reference, o.checkout, o.producer_id, o.buyer_name,
    o.buyer_phone, o.address, o.structure, o.code, o.province_code,
    o.payment, o.state, o.instance_id, o.weight_grams, o.goods_vnd,
    o.shipping_vnd, o.total_vnd, o.fee_vnd, o.paid_vnd, o.note, o.placed_at,
    o.updated_at, o.delivered_at, o.row_version, pr.name, u.full_name,
    pu.full_name, s.bank_bin, s.bank_account, s.account_name, pr.phone
FROM market_order o
JOIN ocop_producer pr ON pr.id = o.producer_id
JOIN unit u ON u.structure = o.structure AND u.code = o.code
LEFT JOIN unit pu ON pu.structure = o.structure AND pu.code = o.province_code
LEFT JOIN market_shop s ON s.producer_id = o.producer_id
WHERE o.id = ?;

-- An order's lines with their review, if written: 0 listing_id,
-- 1 product_id, 2 name, 3 unit_name, 4 price_vnd, 5 quantity,
-- 6 weight_grams, 7 amount_vnd, 8 rating, 9 review body.
-- name: mo_lines_of
SELECT l.listing_id, l.product_id, l.name, l.unit_name, l.price_vnd,
    l.quantity, l.weight_grams, l.amount_vnd, r.rating, r.body
FROM market_order_line l
LEFT JOIN market_review r ON r.order_id = l.order_id
    AND r.listing_id = l.listing_id
WHERE l.order_id = ?
ORDER BY l.listing_id;

-- The state copied from the workflow instance; delivered_at set once.
-- name: mo_order_set_state
UPDATE market_order SET state = ?, updated_at = ?,
    delivered_at = COALESCE(delivered_at, ?), row_version = row_version + 1
WHERE id = ?;

-- Does the user represent the producer?  (ocop_producer_user)
-- name: mo_represents
SELECT 1 FROM ocop_producer_user WHERE producer_id = ? AND user_id = ?;

-- The orders of the producers a user represents, what waits first
-- (placed, then confirmed, then shipped, then the ends), newest first in
-- each; state NULL: all.  Columns 0-11 of an order list row: id,
-- reference, producer_id, producer name, buyer_name, province full name,
-- payment, state, total_vnd, placed_at, row_version, line count.
-- name: mo_shop_orders
SELECT o.id, o.reference, o.producer_id, pr.name, o.buyer_name,
    pu.full_name, o.payment, o.state, o.total_vnd, o.placed_at,
    o.row_version,
    (SELECT COUNT(*) FROM market_order_line l WHERE l.order_id = o.id)
FROM market_order o
JOIN ocop_producer_user x ON x.producer_id = o.producer_id AND x.user_id = ?
JOIN ocop_producer pr ON pr.id = o.producer_id
LEFT JOIN unit pu ON pu.structure = o.structure AND pu.code = o.province_code
WHERE (CAST(? AS TEXT) IS NULL OR o.state = ?)
ORDER BY CASE o.state WHEN 'placed' THEN 0 WHEN 'confirmed' THEN 1
    WHEN 'shipped' THEN 2 ELSE 3 END, o.placed_at DESC, o.id DESC
LIMIT ? OFFSET ?;

-- name: mo_shop_orders_count
SELECT COUNT(*) FROM market_order o
JOIN ocop_producer_user x ON x.producer_id = o.producer_id AND x.user_id = ?
WHERE (CAST(? AS TEXT) IS NULL OR o.state = ?);

-- name: mo_review_exists
SELECT 1 FROM market_review WHERE order_id = ? AND listing_id = ?;

-- name: mo_review_insert
INSERT INTO market_review (order_id, listing_id, rating, body, author,
    created_at)
VALUES (?, ?, ?, ?, ?, ?);

-- The orders of one checkout (the answer of a repeated read).
-- name: mo_orders_of_checkout
SELECT id FROM market_order WHERE checkout = ? ORDER BY id;

-- The demo (demo_market_orders.c): active listings with a shop and
-- stock, producers in turn: 0 listing id, 1 price_vnd, 2 producer_id,
-- 3 the producer's structure, 4 its code, 5 accepts_transfer.
-- name: mo_demo_listings
SELECT l.id, l.price_vnd, l.producer_id, pr.structure, pr.code,
    s.accepts_transfer
FROM market_listing l
JOIN market_shop s ON s.producer_id = l.producer_id
JOIN ocop_producer pr ON pr.id = l.producer_id
WHERE l.status = 'active' AND l.stock >= 10
ORDER BY l.id
LIMIT 24;

-- name: mo_count
SELECT COUNT(*) FROM market_order;

-- A 2025 commune of a province (the demo's buyers).
-- name: mo_demo_commune
SELECT code FROM unit
WHERE structure = '2025' AND level = 'commune' AND parent_code = ?
ORDER BY code
LIMIT 1;

-- The group commit (market_checkout_queue.c): each checkout of a batch in
-- a savepoint of the batch's one transaction.
-- name: mo_savepoint
SAVEPOINT mo_checkout;

-- name: mo_savepoint_undo
ROLLBACK TO SAVEPOINT mo_checkout;

-- name: mo_savepoint_release
RELEASE SAVEPOINT mo_checkout;
