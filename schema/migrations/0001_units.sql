-- Administrative units of Vietnam in both structures, the NTM regions and
-- the lineage from the pre-2025 units to the 2025 ones.  Portable SQL
-- (SQLite and PostgreSQL).

CREATE TABLE region7 (
    code TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    gso6_code TEXT NOT NULL
);

-- A structure is one generation of the administrative map.
CREATE TABLE unit_structure (
    structure TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);

INSERT INTO unit_structure (structure, name_vi, name_en, valid_from, valid_to)
VALUES ('pre2025', 'Trước 01/7/2025 (tỉnh – huyện – xã)',
        'Before 1 July 2025 (province – district – commune)', NULL, '2025-06-30');
INSERT INTO unit_structure (structure, name_vi, name_en, valid_from, valid_to)
VALUES ('2025', 'Từ 01/7/2025 (tỉnh – xã)',
        'From 1 July 2025 (province – commune)', '2025-07-01', NULL);

-- level_rank orders levels (country 0 .. village 4) in lists and search.
-- search_name is the folded name (lower case, no diacritics, đ -> d).
CREATE TABLE unit (
    structure TEXT NOT NULL REFERENCES unit_structure (structure),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    name_en TEXT,
    level TEXT NOT NULL CHECK (level IN ('country', 'province', 'district', 'commune', 'village')),
    level_rank INTEGER NOT NULL,
    unit_type TEXT NOT NULL,
    unit_class TEXT CHECK (unit_class IN ('rural', 'urban', 'special_zone')),
    parent_code TEXT,
    region7_code TEXT REFERENCES region7 (code),
    is_rural INTEGER NOT NULL DEFAULT 0 CHECK (is_rural IN (0, 1)),
    children_count INTEGER NOT NULL DEFAULT 0,
    search_name TEXT NOT NULL,
    PRIMARY KEY (structure, code),
    FOREIGN KEY (structure, parent_code) REFERENCES unit (structure, code)
);
CREATE INDEX unit_by_parent ON unit (structure, parent_code, code);
CREATE INDEX unit_by_level ON unit (structure, level, code);

-- Search keys: for every unit, its folded name from each word on (so "nang"
-- and "da nang" both find Đà Nẵng by an index range scan), its folded full
-- name, and its code.  weight: 1 = the name or code from its start,
-- 2 = the name from a later word, 3 = the full name from its start.
CREATE TABLE unit_search (
    search_key TEXT NOT NULL,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    weight INTEGER NOT NULL,
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code) ON DELETE CASCADE
);
CREATE INDEX unit_search_by_key ON unit_search (structure, search_key);
CREATE INDEX unit_search_by_unit ON unit_search (structure, code);

-- Which old unit went (fully or partly) into which new one.  The old side
-- has no foreign key: a few old codes were dissolved before the pre-2025
-- snapshot and exist only here, under their old name.
CREATE TABLE unit_lineage (
    old_structure TEXT NOT NULL,
    old_code TEXT NOT NULL,
    old_name TEXT NOT NULL,
    new_structure TEXT NOT NULL,
    new_code TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('full', 'partial')),
    qa_flag TEXT,
    PRIMARY KEY (old_structure, old_code, new_structure, new_code),
    FOREIGN KEY (new_structure, new_code) REFERENCES unit (structure, code)
);
CREATE INDEX unit_lineage_by_new ON unit_lineage (new_structure, new_code);

-- Small facts about the installation (e.g. the fingerprint of the unit
-- data last loaded, so a repeated init can skip an unchanged import).
CREATE TABLE meta (
    meta_key TEXT PRIMARY KEY,
    meta_value TEXT NOT NULL
);
