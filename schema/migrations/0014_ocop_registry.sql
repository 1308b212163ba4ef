-- OCOP producers, products and their history (src/domain/ocop/,
-- docs/OCOP.md sections 1 and 2).  A product's cycle is a workflow
-- instance (wf_instance, procedures/ocop-product-*.json); the product row
-- keeps its state for lists.  Evaluation rounds, certificates and the
-- public register build on these tables.  Portable SQL.

-- kind NULL: not known.  The commune is a 2025 unit.
CREATE TABLE ocop_producer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    kind TEXT CHECK (kind IN ('cooperative', 'enterprise',
        'business_household', 'cooperative_group')),
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    address TEXT,
    phone TEXT,
    tax_code TEXT,
    row_version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX ocop_producer_by_unit ON ocop_producer (structure, code);
CREATE INDEX ocop_producer_by_name ON ocop_producer (search_name);

-- The accounts (role producer) that represent a producer.
CREATE TABLE ocop_producer_user (
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (producer_id, user_id)
);
CREATE INDEX ocop_producer_user_by_user ON ocop_producer_user (user_id);

-- product_group: 1-6 in the order of 148/QĐ-TTg.  structure, code: the
-- producer's commune, copied for filtering.  stars, score: NULL until
-- rated (set by the evaluation rounds).
CREATE TABLE ocop_product (
    id INTEGER PRIMARY KEY,
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    product_group INTEGER NOT NULL CHECK (product_group BETWEEN 1 AND 6),
    subgroup TEXT,
    description TEXT,
    ingredients TEXT,
    standards TEXT,
    business_plan TEXT,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    state TEXT NOT NULL,
    instance_id INTEGER NOT NULL UNIQUE REFERENCES wf_instance (id),
    stars INTEGER CHECK (stars BETWEEN 1 AND 5),
    score REAL,
    row_version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX ocop_product_by_unit ON ocop_product (structure, code, state);
CREATE INDEX ocop_product_by_producer ON ocop_product (producer_id);
CREATE INDEX ocop_product_by_state ON ocop_product (state, structure, code);

-- Photos: the bytes, checked by their content (libmagic: JPEG or PNG
-- only), and a PNG thumbnail, both stored once per SHA-256 in
-- attachment_blob like dossier attachments.
CREATE TABLE ocop_product_photo (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_blob (sha256),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    thumb_sha256 TEXT NOT NULL REFERENCES attachment_blob (sha256),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX ocop_product_photo_by_product ON ocop_product_photo (product_id);

-- Every change of a product: never updated or deleted.
CREATE TABLE ocop_product_history (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES app_user (id),
    username TEXT,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX ocop_product_history_by_product ON ocop_product_history (product_id, id);
