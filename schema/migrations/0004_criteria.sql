-- Criteria sets, the data entered against them, and what is derived from
-- that data: evaluations per unit and roll-ups per scope.  Portable SQL.
--
-- Numbers entered by users are stored as text (the JSON literal: "91.5",
-- "true", "\"loai_a\""), so that a value reads back exactly as entered on
-- both backends.  Times are ISO 8601 UTC text.

-- One row per version of a set.  A version is never changed once stored:
-- an amendment (new thresholds, corrected wording) is a new version, so an
-- evaluation can always be reproduced under the version it used.
CREATE TABLE criteria_set (
    set_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    structure TEXT NOT NULL,
    level TEXT NOT NULL,
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL,
    profile TEXT,
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    change_note TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (set_id, version)
);

-- A province's own threshold for a delegated indicator ("delegated_to":
-- "province"), with the provincial decision it comes from.  variant '' is
-- every commune group/region of the province.
CREATE TABLE criteria_override (
    set_id TEXT NOT NULL,
    structure TEXT NOT NULL,
    province_code TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    variant TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL,
    source_document TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (set_id, structure, province_code, indicator_id, variant),
    FOREIGN KEY (structure, province_code) REFERENCES unit (structure, code)
);

-- Attributes the rules read, set by the province for its communes, from a
-- year on (the row with the greatest year <= the evaluated year applies).
CREATE TABLE unit_attribute (
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    year INTEGER NOT NULL,
    commune_group TEXT CHECK (commune_group IN ('1', '2', '3')),
    ethnic_area TEXT CHECK (ethnic_area IN ('KV_I', 'KV_II', 'KV_III')),
    source_document TEXT,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (structure, code, year),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);

-- Indicator (and formula input) values of a unit for a set and a year.
CREATE TABLE indicator_value (
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    set_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    indicator_id TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (structure, code, set_id, year, indicator_id),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);

-- The maintained evaluation of each unit that has data (derived, never
-- typed).  criteria_bits holds one character per criterion in set order:
-- '1' met, '0' not met, '?' unknown; roll-ups are adjusted by the
-- difference between the old and the new bits.
CREATE TABLE evaluation (
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    set_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    set_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('met', 'not_met', 'incomplete')),
    criteria_met INTEGER NOT NULL,
    criteria_failed INTEGER NOT NULL,
    criteria_unknown INTEGER NOT NULL,
    criteria_total INTEGER NOT NULL,
    criteria_bits TEXT NOT NULL,
    revocation_rule INTEGER NOT NULL DEFAULT 0,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (structure, code, set_id, year),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX evaluation_by_set ON evaluation (set_id, year, structure, code);
-- The "close to the standard" work list: not met, missing few criteria.
CREATE INDEX evaluation_close ON evaluation (set_id, year, status,
    criteria_failed);

-- Every roll-up scope a unit counts in: its ancestors in its own structure
-- and, for a pre-2025 unit, the 2025 province(s) and country its area went
-- into (through the lineage), so old data can be read on the new map.
CREATE TABLE unit_scope (
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    scope_structure TEXT NOT NULL,
    scope_code TEXT NOT NULL,
    unit_level TEXT NOT NULL,
    unit_class TEXT,
    PRIMARY KEY (structure, code, scope_structure, scope_code)
);
-- The unit's level and class are repeated here so that counting the units
-- a set applies to inside a scope reads this index alone.
CREATE INDEX unit_scope_by_scope ON unit_scope (scope_structure, scope_code,
    structure, unit_level, unit_class, code);

-- Roll-up of the evaluations of one set and year over one scope, adjusted
-- on every evaluation change.  dist: comma-separated counts of units by
-- criteria met (index 0..criteria_total); passed/failed: counts per
-- criterion in set order.
CREATE TABLE rollup (
    scope_structure TEXT NOT NULL,
    scope_code TEXT NOT NULL,
    set_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    evaluated INTEGER NOT NULL,
    met INTEGER NOT NULL,
    not_met INTEGER NOT NULL,
    incomplete INTEGER NOT NULL,
    revocation INTEGER NOT NULL,
    criteria_met_sum INTEGER NOT NULL,
    dist TEXT NOT NULL,
    passed TEXT NOT NULL,
    failed TEXT NOT NULL,
    PRIMARY KEY (scope_structure, scope_code, set_id, year)
);

-- Titles held by units (recognition decisions; the appraisal module fills
-- this, the demo data set marks its recognised communes).  A row with
-- revoked_at set no longer confers the title.
CREATE TABLE unit_recognition (
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    set_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    decision_no TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    revoked_at TEXT,
    PRIMARY KEY (structure, code, set_id),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
