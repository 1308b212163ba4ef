-- OCOP certificates (src/domain/ocop/ocop_certificates.c, docs/OCOP.md
-- section 4).

-- The unit above a product's commune (its province): the issuer.
-- name: ocop_cert_parent
SELECT parent_code FROM unit WHERE structure = ? AND code = ?;

-- The next number of an issuer in a year (one row per issuer and year).
-- name: ocop_cert_seq_next
INSERT INTO ocop_certificate_seq (issuer_code, year, last) VALUES (?, ?, 1)
ON CONFLICT (issuer_code, year)
DO UPDATE SET last = ocop_certificate_seq.last + 1
RETURNING last;

-- name: ocop_cert_number_used
SELECT 1 FROM ocop_certificate
WHERE issuer_structure = ? AND issuer_code = ? AND number = ?;

-- name: ocop_cert_code_used
SELECT 1 FROM ocop_certificate WHERE code = ?;

-- The certificate a new one replaces: the product's newest unrevoked.
-- name: ocop_cert_current
SELECT id FROM ocop_certificate WHERE product_id = ? AND revoked_on IS NULL
ORDER BY issued_on DESC, id DESC LIMIT 1;

-- name: ocop_cert_insert
INSERT INTO ocop_certificate (code, number, product_id, level, stars, score,
    issued_on, expires_on, issuer_structure, issuer_code, source, round_id,
    replaces_id, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- The product's rating follows its newest certificate.
-- name: ocop_product_set_rating
UPDATE ocop_product SET stars = ?, score = ?, updated_at = ?,
    row_version = row_version + 1
WHERE id = ?;

-- Columns: 0 code, 1 number, 2 level, 3 stars, 4 score, 5 issued_on,
-- 6 expires_on, 7 revoked_on, 8 revoked_reason, 9 source, 10 product id,
-- 11 product name, 12 group, 13 producer, 14 commune, 15 province,
-- 16 issuer, 17 code of the certificate that replaced it.
-- name: ocop_cert_get
SELECT c.code, c.number, c.level, c.stars, c.score, c.issued_on,
    c.expires_on, c.revoked_on, c.revoked_reason, c.source, p.id, p.name,
    p.product_group, r.name, u.full_name, pu.full_name, iu.full_name,
    (SELECT n.code FROM ocop_certificate n WHERE n.replaces_id = c.id
        ORDER BY n.id LIMIT 1)
FROM ocop_certificate c
JOIN ocop_product p ON p.id = c.product_id
JOIN ocop_producer r ON r.id = p.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
LEFT JOIN unit pu ON pu.structure = u.structure AND pu.code = u.parent_code
JOIN unit iu ON iu.structure = c.issuer_structure AND iu.code = c.issuer_code
WHERE c.code = ?;

-- Columns: 0 code, 1 number, 2 level, 3 stars, 4 issued_on, 5 expires_on,
-- 6 revoked_on.
-- name: ocop_cert_list
SELECT code, number, level, stars, issued_on, expires_on, revoked_on
FROM ocop_certificate WHERE product_id = ?
ORDER BY issued_on DESC, id DESC;
