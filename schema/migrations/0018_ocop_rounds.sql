-- OCOP evaluation rounds (src/domain/ocop/ocop_rounds.c, docs/OCOP.md
-- section 6): a council at the province or the centre scoring products on
-- one scorecard version; its members (users with the ocop_evaluator role,
-- one of them the chair), its products, and each member's sheet per
-- product.  The round's result per product (mean, stars, spread, flag) is
-- written when the chair closes it, and the product's stars and score
-- with it (ocop_product).  Points are kept in hundredths (6995 is 69.95),
-- as the scorecard engine counts them.  Portable SQL (SQLite); the
-- PostgreSQL twin differs in identity ids, 64-bit ids and the byte-order
-- collation of codes.

-- level 'province': (structure, code) is the province; 'central': the
-- country.  A round scores on one scorecard version, for good.
CREATE TABLE ocop_round (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('province', 'central')),
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    scorecard_id TEXT NOT NULL,
    scorecard_version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    chair_id INTEGER NOT NULL REFERENCES app_user (id),
    opened_at TEXT NOT NULL,
    opened_by INTEGER REFERENCES app_user (id),
    closed_at TEXT,
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code),
    FOREIGN KEY (scorecard_id, scorecard_version)
        REFERENCES ocop_scorecard (scorecard_id, version)
);
CREATE INDEX ocop_round_by_unit ON ocop_round (structure, code, state);

CREATE TABLE ocop_round_member (
    round_id INTEGER NOT NULL REFERENCES ocop_round (id),
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX ocop_round_member_by_user ON ocop_round_member (user_id);

-- The round's result per product, NULL until the round closed: the mean
-- of the submitted members' totals (hundredths, rounded as the scorecard
-- says), its stars, the spread and whether it was flagged, and the
-- transition the product took.
CREATE TABLE ocop_round_product (
    round_id INTEGER NOT NULL REFERENCES ocop_round (id),
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    added_at TEXT NOT NULL,
    mean INTEGER,
    stars INTEGER,
    spread INTEGER,
    flagged INTEGER CHECK (flagged IN (0, 1)),
    outcome TEXT,
    PRIMARY KEY (round_id, product_id)
);
CREATE INDEX ocop_round_product_by_product ON ocop_round_product (product_id);

-- One member's sheet for one product: the scores as entered (by part
-- {"A": 35, ...} or by sub-criterion {"items": {...}}, as the scorecard
-- allows for the product's group), their part totals and total in
-- hundredths; a draft until submitted, then never changed.
CREATE TABLE ocop_round_sheet (
    round_id INTEGER NOT NULL REFERENCES ocop_round (id),
    product_id INTEGER NOT NULL REFERENCES ocop_product (id),
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    scores TEXT NOT NULL,
    parts TEXT NOT NULL,
    total INTEGER NOT NULL,
    submitted INTEGER NOT NULL DEFAULT 0 CHECK (submitted IN (0, 1)),
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (round_id, product_id, user_id),
    FOREIGN KEY (round_id, product_id)
        REFERENCES ocop_round_product (round_id, product_id),
    FOREIGN KEY (round_id, user_id)
        REFERENCES ocop_round_member (round_id, user_id)
);
CREATE INDEX ocop_round_sheet_by_user ON ocop_round_sheet (user_id, submitted);
