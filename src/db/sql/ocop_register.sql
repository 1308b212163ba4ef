-- The public OCOP register and its statistics (src/domain/ocop/
-- ocop_register.c, docs/OCOP.md section 7).

-- Every product whose newest certificate is not revoked, with what the
-- register shows: read once into memory each time the OCOP records (or
-- the units) change; whether the certificate is still valid on a day is
-- decided at each search.  "Newest": the latest issue date, then the
-- latest row (the order ocop_cert_current uses).  The province is the
-- parent of a 2025 commune (NULL for a carried-over pre-2025 record).
-- Columns: 0 product id, 1 name, 2 folded name, 3 group, 4 producer,
-- 5 folded producer, 6 commune, 7 province code, 8 province name,
-- 9 certificate code, 10 number, 11 level, 12 stars, 13 issued_on,
-- 14 expires_on.
-- name: ocop_register_index
SELECT p.id, p.name, p.search_name, p.product_group, r.name, r.search_name,
    u.full_name, pu.code, pu.name, c.code, c.number, c.level, c.stars,
    c.issued_on, c.expires_on, p.structure || ':' || p.code
FROM ocop_certificate c
JOIN ocop_product p ON p.id = c.product_id
JOIN ocop_producer r ON r.id = p.producer_id
JOIN unit u ON u.structure = p.structure AND u.code = p.code
LEFT JOIN unit pu ON u.structure = '2025' AND pu.structure = u.structure
    AND pu.code = u.parent_code
WHERE c.revoked_on IS NULL
AND NOT EXISTS (SELECT 1 FROM ocop_certificate n
    WHERE n.product_id = c.product_id
    AND (n.issued_on > c.issued_on OR (n.issued_on = c.issued_on
        AND n.id > c.id)));

-- The 34 provinces of the 2025 structure, by code.
-- name: ocop_register_provinces
SELECT code, name FROM unit WHERE structure = '2025' AND level = 'province'
ORDER BY code;

-- What the register's product page adds to the index: the texts.
-- name: ocop_register_texts
SELECT description, subgroup, standards FROM ocop_product WHERE id = ?;

-- ntm demo: are the certified demo products there yet?
-- name: ocop_register_demo_any
SELECT COUNT(*) FROM ocop_certificate;
