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

-- A certificate by its code, for a write (revocation): 0 id, 1 product,
-- 2 revoked_on, 3 id of a certificate that replaced it (NULL: none).
-- name: ocop_cert_for_write
SELECT c.id, c.product_id, c.revoked_on,
    (SELECT n.id FROM ocop_certificate n WHERE n.replaces_id = c.id
        ORDER BY n.id LIMIT 1)
FROM ocop_certificate c WHERE c.code = ?;

-- name: ocop_cert_revoke
UPDATE ocop_certificate SET revoked_on = ?, revoked_reason = ?, revoked_by = ?
WHERE id = ? AND revoked_on IS NULL;

-- The products whose cycle the calendar moves (ocop_certificates_sweep):
-- certified or expiring, whose current certificate (not revoked, not
-- replaced) expires before the first parameter (today + 90 days) and,
-- for a product already "expiring", before the second (today: expired).
-- Columns: 0 product id, 1 its state, 2 the certificate's expires_on.
-- name: ocop_cert_sweep_due
SELECT p.id, p.state, c.expires_on
FROM ocop_product p
JOIN ocop_certificate c ON c.product_id = p.id
WHERE p.state IN ('certified', 'expiring') AND c.revoked_on IS NULL
    AND NOT EXISTS (SELECT 1 FROM ocop_certificate n WHERE n.replaces_id = c.id)
    AND c.expires_on < ?
    AND (p.state = 'certified' OR c.expires_on < ?)
ORDER BY p.id;

-- Current certificates expiring on or after the first day and before the
-- second (today, today + 90 days), of products in the unit filter
-- (parameters 3-11, as the product list's) and of one producer (12-13).
-- name: ocop_cert_expiring_count
SELECT COUNT(*)
FROM ocop_certificate c
JOIN ocop_product p ON p.id = c.product_id
WHERE c.revoked_on IS NULL AND c.expires_on >= ? AND c.expires_on < ?
    AND NOT EXISTS (SELECT 1 FROM ocop_certificate n WHERE n.replaces_id = c.id)
    AND (CAST(? AS TEXT) IS NULL OR (p.structure = ? AND p.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
            AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
        OR EXISTS (SELECT 1 FROM unit_lineage l
            JOIN unit o ON o.structure = l.old_structure AND o.code = l.old_code
            LEFT JOIN unit od ON od.structure = o.structure
                AND od.code = o.parent_code
            WHERE l.new_structure = p.structure AND l.new_code = p.code
                AND l.old_structure = ? AND (l.old_code = ?
                    OR o.parent_code = ? OR od.parent_code = ?)))
    AND (CAST(? AS INTEGER) IS NULL OR p.producer_id = ?);

-- The same, soonest first: 0 code, 1 number, 2 expires_on, 3 product id,
-- 4 product name, 5 producer name; LIMIT parameter 14.
-- name: ocop_cert_expiring_list
SELECT c.code, c.number, c.expires_on, p.id, p.name, r.name
FROM ocop_certificate c
JOIN ocop_product p ON p.id = c.product_id
JOIN ocop_producer r ON r.id = p.producer_id
WHERE c.revoked_on IS NULL AND c.expires_on >= ? AND c.expires_on < ?
    AND NOT EXISTS (SELECT 1 FROM ocop_certificate n WHERE n.replaces_id = c.id)
    AND (CAST(? AS TEXT) IS NULL OR (p.structure = ? AND p.code = ?)
        OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = p.structure
            AND s.code = p.code AND s.scope_structure = ? AND s.scope_code = ?)
        OR EXISTS (SELECT 1 FROM unit_lineage l
            JOIN unit o ON o.structure = l.old_structure AND o.code = l.old_code
            LEFT JOIN unit od ON od.structure = o.structure
                AND od.code = o.parent_code
            WHERE l.new_structure = p.structure AND l.new_code = p.code
                AND l.old_structure = ? AND (l.old_code = ?
                    OR o.parent_code = ? OR od.parent_code = ?)))
    AND (CAST(? AS INTEGER) IS NULL OR p.producer_id = ?)
ORDER BY c.expires_on, p.id LIMIT ?;

-- The product of a certificate and its commune (the router's scope):
-- 0 product id, 1 structure, 2 code, 3 producer id.
-- name: ocop_cert_unit
SELECT p.id, p.structure, p.code, p.producer_id
FROM ocop_certificate c JOIN ocop_product p ON p.id = c.product_id
WHERE c.code = ?;
