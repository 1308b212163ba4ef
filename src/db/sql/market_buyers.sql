-- The marketplace's buyer accounts (src/domain/market/market_buyers.c;
-- docs/MARKET.md section 5, "Buyer accounts").

-- A buyer's orders, newest first: 0 id, 1 reference, 2 producer name,
-- 3 state, 4 total_vnd, 5 placed_at.
-- name: mb_my_orders
SELECT o.id, o.reference, pr.name, o.state, o.total_vnd, o.placed_at
FROM market_order o
JOIN ocop_producer pr ON pr.id = o.producer_id
WHERE o.buyer_id = ?
ORDER BY o.placed_at DESC, o.id DESC
LIMIT ? OFFSET ?;

-- name: mb_my_orders_count
SELECT COUNT(*) FROM market_order WHERE buyer_id = ?;

-- Is order id the buyer's?
-- name: mb_order_is_mine
SELECT 1 FROM market_order WHERE id = ? AND buyer_id = ?;
