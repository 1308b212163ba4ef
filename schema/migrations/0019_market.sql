-- The OCOP marketplace (src/domain/market/, docs/MARKET.md; issue 17):
-- producers' shops, listings of certified products, shipping rules,
-- orders and their lines, reviews, the platform's fee, and the bank
-- statements a producer uploads to reconcile transfers.  Money is whole
-- VND in 64-bit integers, computed by the server; weights are grams.
-- Portable SQL (SQLite); the PostgreSQL twin differs in identity ids,
-- 64-bit ids and the byte-order collation of codes.

-- A producer's shop: what the buyer's transfer needs (the NAPAS BIN of
-- the producer's bank, the account and its holder, for VietQR) and which
-- payments it accepts.  A shop without an account cannot take transfers.
CREATE TABLE market_shop (
    producer_id INTEGER PRIMARY KEY REFERENCES ocop_producer (id),
    intro TEXT,
    bank_bin TEXT,
    bank_account TEXT,
    account_name TEXT,
    accepts_cod INTEGER NOT NULL DEFAULT 1 CHECK (accepts_cod IN (0, 1)),
    accepts_transfer INTEGER NOT NULL DEFAULT 0
        CHECK (accepts_transfer IN (0, 1)),
    row_version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (accepts_transfer = 0 OR (bank_bin IS NOT NULL
        AND bank_account IS NOT NULL AND account_name IS NOT NULL))
);

-- Where a producer ships and for how much: the fee of a parcel of w grams
-- to a province is first_fee_vnd up to first_grams, then step_fee_vnd for
-- every started step_grams beyond.  province_code NULL: every province
-- without a rule of its own; no rule at all for a province: the producer
-- does not ship there.  Provinces are 2025 units (structure '2025').
CREATE TABLE market_shipping_rule (
    id INTEGER PRIMARY KEY,
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    province_code TEXT,
    first_grams INTEGER NOT NULL CHECK (first_grams > 0),
    first_fee_vnd INTEGER NOT NULL CHECK (first_fee_vnd >= 0),
    step_grams INTEGER NOT NULL CHECK (step_grams > 0),
    step_fee_vnd INTEGER NOT NULL CHECK (step_fee_vnd >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX market_shipping_rule_by_area
    ON market_shipping_rule (producer_id, COALESCE(province_code, ''));

-- A listing: one way a certified product is sold (its variant, e.g. "Hộp
-- 500 g", the unit sold, the price per unit, the units in stock, the
-- weight of one unit).  stock counts what is left to sell: an order takes
-- its quantity at placement and a cancellation gives it back, so it never
-- goes below zero (the CHECK makes sure).  status is the producer's
-- choice; whether a listing sells is that status AND the product's newest
-- certificate valid today (market_sellable, market.h).  The product's
-- commune and province are copied for the catalog's filters.
CREATE TABLE market_listing (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    variant TEXT,
    unit_name TEXT NOT NULL,
    price_vnd INTEGER NOT NULL CHECK (price_vnd > 0),
    stock INTEGER NOT NULL CHECK (stock >= 0),
    weight_grams INTEGER NOT NULL CHECK (weight_grams > 0),
    description TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'closed')),
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX market_listing_by_product ON market_listing (product_id);
CREATE INDEX market_listing_by_producer ON market_listing (producer_id, status);
CREATE INDEX market_listing_by_province ON market_listing (province_code, status);

-- A listing's own photos (a product's photos show too), checked and
-- thumbnailed like the product's (ocop_photos.c), bytes in attachment_blob.
CREATE TABLE market_listing_photo (
    id INTEGER PRIMARY KEY,
    listing_id INTEGER NOT NULL REFERENCES market_listing (id),
    position INTEGER NOT NULL,
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
CREATE INDEX market_listing_photo_by_listing
    ON market_listing_photo (listing_id, position);

-- The platform's fee on an order's goods, in basis points (100 = 1 %),
-- from a day on, with the decision that set it.  No row: no fee.
CREATE TABLE market_fee (
    valid_from TEXT PRIMARY KEY,
    rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id)
);

-- An order: what one buyer bought from one producer (a checkout across
-- several producers makes one order each, sharing checkout).  reference
-- is what a bank transfer's description carries (unique, short, no
-- ambiguous letters); the private link's token is kept only as its
-- SHA-256 (access_hash).  The order's life is a workflow instance
-- (procedures/market-order.json); state is copied for lists.  Amounts are
-- fixed at placement: goods_vnd the sum of the lines, shipping_vnd by the
-- producer's rule for the destination province and the parcel's weight,
-- total_vnd what the buyer pays, fee_vnd the platform's fee on the goods.
-- paid_vnd: the transfers matched to it.  The address is a 2025 commune.
CREATE TABLE market_order (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    access_hash TEXT NOT NULL UNIQUE,
    checkout TEXT NOT NULL,
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    buyer_id INTEGER REFERENCES app_user (id),
    buyer_name TEXT NOT NULL,
    buyer_phone TEXT NOT NULL,
    address TEXT NOT NULL,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    payment TEXT NOT NULL CHECK (payment IN ('cod', 'transfer')),
    state TEXT NOT NULL,
    instance_id INTEGER NOT NULL UNIQUE REFERENCES wf_instance (id),
    weight_grams INTEGER NOT NULL CHECK (weight_grams > 0),
    goods_vnd INTEGER NOT NULL CHECK (goods_vnd > 0),
    shipping_vnd INTEGER NOT NULL CHECK (shipping_vnd >= 0),
    total_vnd INTEGER NOT NULL,
    fee_vnd INTEGER NOT NULL DEFAULT 0 CHECK (fee_vnd >= 0),
    paid_vnd INTEGER NOT NULL DEFAULT 0 CHECK (paid_vnd >= 0),
    note TEXT,
    placed_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delivered_at TEXT,
    row_version INTEGER NOT NULL DEFAULT 1,
    CHECK (total_vnd = goods_vnd + shipping_vnd),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX market_order_by_producer ON market_order (producer_id, state, placed_at);
CREATE INDEX market_order_by_buyer ON market_order (buyer_id, placed_at);
CREATE INDEX market_order_by_checkout ON market_order (checkout);
CREATE INDEX market_order_by_province ON market_order (province_code, placed_at);

-- An order's lines: the listing and what the buyer saw and pays (name,
-- unit, price, weight copied at placement: a later edit of the listing
-- never changes an order).
CREATE TABLE market_order_line (
    order_id INTEGER NOT NULL REFERENCES market_order (id),
    listing_id INTEGER NOT NULL REFERENCES market_listing (id),
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    name TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    price_vnd INTEGER NOT NULL CHECK (price_vnd > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    weight_grams INTEGER NOT NULL CHECK (weight_grams > 0),
    amount_vnd INTEGER NOT NULL,
    PRIMARY KEY (order_id, listing_id),
    CHECK (amount_vnd = price_vnd * quantity)
);
CREATE INDEX market_order_line_by_listing ON market_order_line (listing_id);

-- A review: only the buyer of a delivered order, once per line.
CREATE TABLE market_review (
    order_id INTEGER NOT NULL REFERENCES market_order (id),
    listing_id INTEGER NOT NULL REFERENCES market_listing (id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body TEXT,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (order_id, listing_id)
);
CREATE INDEX market_review_by_listing ON market_review (listing_id, created_at);

-- A bank statement a producer uploaded (the file kept once per SHA-256)
-- and its transfers in.  line_key identifies a transfer across uploads
-- (the bank's transaction number, or a digest of its date, amount and
-- description), so a line seen twice is one transfer, matched once.
-- order_id: the order its reference names; outcome is
-- 'matched' (the order's total reached), 'partial', 'excess' (more than
-- was owed) or 'unmatched' (no reference, or one of no order of this
-- producer).
CREATE TABLE market_bank_upload (
    id INTEGER PRIMARY KEY,
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_blob (sha256),
    encoding TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX market_bank_upload_by_producer ON market_bank_upload (producer_id, id);

CREATE TABLE market_transfer (
    id INTEGER PRIMARY KEY,
    producer_id INTEGER NOT NULL REFERENCES ocop_producer (id),
    upload_id INTEGER NOT NULL REFERENCES market_bank_upload (id),
    line_key TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0),
    description TEXT NOT NULL,
    order_id INTEGER REFERENCES market_order (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('matched', 'partial', 'excess',
        'unmatched')),
    created_at TEXT NOT NULL,
    UNIQUE (producer_id, line_key)
);
CREATE INDEX market_transfer_by_order ON market_transfer (order_id);
CREATE INDEX market_transfer_by_producer ON market_transfer (producer_id, booked_on);
