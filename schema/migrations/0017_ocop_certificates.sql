-- OCOP certificates (src/domain/ocop/ocop_certificates.c, docs/OCOP.md
-- section 4).  A certificate proves a product's stars (3 to 5: 1 and 2
-- stars are rated but not certified) for 36 months from its issue.  It is
-- issued by the platform when a product's cycle takes "certify" or
-- "certify_central" after an evaluation round (source 'round'), recorded
-- from a paper certificate issued before the platform (source 'record',
-- one product; 'import', a province's list).  A renewal is a new row that
-- names the one it replaces; a row is never deleted, and only revocation
-- changes it.  Portable SQL (SQLite); the PostgreSQL twin differs in
-- identity ids and the byte-order collation of codes.
--
-- number: as printed (the platform's "PP-YYYY-NNNNN", or a province's own
-- number, which may hold '/' and letters with diacritics), unique within
-- its issuer.  code: what the verification link /ocop/verify/{code} and
-- the QR carry, unique in the country: the number itself when the
-- platform issued it, else the issuer's code, '-', and the number folded
-- to A-Z 0-9 and '-'.  issuer: the province (2025 structure) or, for a
-- central (5-star) certificate, the country unit; a pre-2025 district's
-- certificate names its province.
CREATE TABLE ocop_certificate (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    level TEXT NOT NULL CHECK (level IN ('district', 'province', 'central')),
    stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    score REAL,
    issued_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    issuer_structure TEXT NOT NULL,
    issuer_code TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('round', 'record', 'import')),
    round_id INTEGER,
    replaces_id INTEGER REFERENCES ocop_certificate (id),
    revoked_on TEXT,
    revoked_reason TEXT,
    revoked_by INTEGER REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    CHECK (expires_on > issued_on),
    UNIQUE (issuer_structure, issuer_code, number),
    FOREIGN KEY (issuer_structure, issuer_code) REFERENCES unit (structure, code)
);
CREATE INDEX ocop_certificate_by_product ON ocop_certificate (product_id, issued_on);
CREATE INDEX ocop_certificate_by_expiry ON ocop_certificate (expires_on);

-- The next platform number of an issuer and year.
CREATE TABLE ocop_certificate_seq (
    issuer_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (issuer_code, year)
);
