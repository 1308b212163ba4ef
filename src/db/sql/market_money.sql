-- The producer's money (src/domain/market/market_money.c,
-- market_statement.c, market_stats.c; docs/MARKET.md sections 6 and 7):
-- bank statements uploaded, their transfers matched to orders, the
-- statement of a period, the programme's statistics.  Tables of 0019.

-- A statement's bytes, once per SHA-256 (the attachments' store).
-- name: mm_blob_insert
INSERT INTO attachment_blob (sha256, size, data) VALUES (?, ?, ?)
ON CONFLICT (sha256) DO NOTHING;

-- name: mm_upload_insert
INSERT INTO market_bank_upload (producer_id, filename, sha256, encoding,
    line_count, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- The orders a transfer of this producer may pay: 0 id, 1 reference,
-- 2 total_vnd, 3 paid_vnd.
-- name: mm_orders_of_producer
SELECT id, reference, total_vnd, paid_vnd FROM market_order
WHERE producer_id = ? ORDER BY id;

-- name: mm_transfer_known
SELECT 1 FROM market_transfer WHERE producer_id = ? AND line_key = ?;

-- name: mm_transfer_insert
INSERT INTO market_transfer (producer_id, upload_id, line_key, booked_on,
    amount_vnd, description, order_id, outcome, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- paid_vnd raised, never recomputed from the client: an increment keeps
-- a concurrent writer's other columns.
-- name: mm_order_paid_add
UPDATE market_order SET paid_vnd = paid_vnd + ?
WHERE id = ? AND producer_id = ?;

-- name: mm_uploads
SELECT u.id, u.filename, u.encoding, u.line_count, u.created_at,
    (SELECT COUNT(*) FROM market_transfer t WHERE t.upload_id = u.id)
FROM market_bank_upload u WHERE u.producer_id = ? ORDER BY u.id DESC
LIMIT 200;

-- Transfers booked in [from, to]: 0 id, 1 booked_on, 2 amount_vnd,
-- 3 description, 4 outcome, 5 order_id, 6 reference, 7 total_vnd,
-- 8 paid_vnd.
-- name: mm_transfers
SELECT t.id, t.booked_on, t.amount_vnd, t.description, t.outcome,
    t.order_id, o.reference, o.total_vnd, o.paid_vnd
FROM market_transfer t LEFT JOIN market_order o ON o.id = t.order_id
WHERE t.producer_id = ? AND t.booked_on >= ? AND t.booked_on <= ?
ORDER BY t.booked_on DESC, t.id DESC LIMIT 2000;

-- name: mm_producer_name
SELECT name FROM ocop_producer WHERE id = ?;

-- The statement's lines: orders delivered or returned on a day in
-- [from, to] (delivered_at's date; a returned order's last change when it
-- was never delivered): 0 id, 1 reference, 2 state, 3 day, 4 goods_vnd,
-- 5 shipping_vnd, 6 fee_vnd, 7 payment, 8 paid_vnd, 9 total_vnd.
-- name: mm_statement_orders
SELECT id, reference, state, day, goods_vnd, shipping_vnd, fee_vnd,
    payment, paid_vnd, total_vnd
FROM (SELECT id, reference, state,
        SUBSTR(COALESCE(delivered_at, updated_at), 1, 10) AS day,
        goods_vnd, shipping_vnd, fee_vnd, payment, paid_vnd, total_vnd
    FROM market_order
    WHERE producer_id = ? AND state IN ('delivered', 'returned')) s
WHERE day >= ? AND day <= ?
ORDER BY day, id;

-- Transfers of the period that match no order.
-- name: mm_statement_unmatched
SELECT booked_on, amount_vnd, description FROM market_transfer
WHERE producer_id = ? AND outcome = 'unmatched' AND booked_on >= ?
    AND booked_on <= ?
ORDER BY booked_on, id;

-- The programme's statistics: delivered orders' lines in [from, to],
-- optionally of one province: 0 order id, 1 month, 2 province code,
-- 3 province name, 4 product group, 5 stars, 6 line amount, 7 the
-- order's goods_vnd.
-- name: mm_stats_lines
SELECT o.id, SUBSTR(o.delivered_at, 1, 7), o.province_code, pu.full_name,
    p.product_group, p.stars, l.amount_vnd, o.goods_vnd
FROM market_order o
JOIN market_order_line l ON l.order_id = o.id
JOIN ocop_product p ON p.id = l.product_id
LEFT JOIN unit pu ON pu.structure = '2025' AND pu.code = o.province_code
WHERE o.state = 'delivered' AND o.delivered_at IS NOT NULL
    AND SUBSTR(o.delivered_at, 1, 10) >= ?
    AND SUBSTR(o.delivered_at, 1, 10) <= ?
    AND (? = '' OR o.province_code = ?)
ORDER BY o.id;

-- ntm demo: the platform's fee row (a demo decision: rate 0).
-- name: mm_demo_fee
INSERT INTO market_fee (valid_from, rate_bp, source, created_at)
VALUES (?, 0, ?, ?) ON CONFLICT (valid_from) DO NOTHING;

-- ntm demo: has a statement been uploaded yet?
-- name: mm_demo_any_upload
SELECT COUNT(*) FROM market_bank_upload;

-- ntm demo: unpaid transfer orders, a delivered one first (the
-- statement then shows it received): 0 id, 1 reference, 2 total_vnd,
-- 3 producer_id.
-- name: mm_demo_transfer_orders
SELECT id, reference, total_vnd, producer_id FROM market_order
WHERE payment = 'transfer' AND paid_vnd = 0 AND state <> 'cancelled'
ORDER BY CASE WHEN state = 'delivered' THEN 0 ELSE 1 END, id
LIMIT 2;
