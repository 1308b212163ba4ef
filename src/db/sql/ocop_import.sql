-- The import of a province's OCOP list (src/domain/ocop/ocop_import.c,
-- docs/OCOP.md section 5).

-- A producer of a commune by its folded name (the oldest when several).
-- name: ocop_import_producer_find
SELECT id FROM ocop_producer
WHERE structure = ? AND code = ? AND search_name = ?
ORDER BY id LIMIT 1;

-- A product of a producer by its folded name: a row given again.
-- name: ocop_import_product_exists
SELECT 1 FROM ocop_product WHERE producer_id = ? AND search_name = ?;
