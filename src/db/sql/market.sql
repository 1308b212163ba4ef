-- The marketplace's shared rules (src/domain/market/market_rules.c,
-- migration 0019).  The parts' own statements are in market_*.sql.

-- A product's newest certificate, revoked or not: the one a listing's
-- sale depends on.
-- name: market_product_certificate
SELECT code, stars, expires_on, revoked_on FROM ocop_certificate
WHERE product_id = ? ORDER BY issued_on DESC, id DESC LIMIT 1;

-- The platform's fee rate on a day.
-- name: market_fee_rate
SELECT rate_bp FROM market_fee WHERE valid_from <= ?
ORDER BY valid_from DESC LIMIT 1;
