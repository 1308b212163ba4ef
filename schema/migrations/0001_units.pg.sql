-- PostgreSQL variant of 0001_units.sql (the same tables, columns, keys
-- and indexes).  Codes and search keys are COLLATE "C": they sort and
-- compare byte by byte as on SQLite (and as the in-memory search index
-- does), whatever locale the database was created with, and an index on
-- them serves ORDER BY code.  Names keep the database's collation.  Every
-- column compared with a code column in a join has the same collation.
--
-- Secondary indexes lead with the column that is not (structure, code)
-- but serve the same queries: PostgreSQL plans a prepared statement once
-- per connection, and on a table not yet analysed (an init loads every
-- unit in one transaction) it rates an index that starts with structure
-- as good as the primary key for a (structure, code) lookup, then walks a
-- whole structure for each foreign-key check and lookup.  With nothing
-- but the key starting with structure, that plan cannot be chosen.

CREATE TABLE region7 (
    code TEXT COLLATE "C" PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    gso6_code TEXT COLLATE "C" NOT NULL
);

-- A structure is one generation of the administrative map.
CREATE TABLE unit_structure (
    structure TEXT COLLATE "C" PRIMARY KEY,
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
    structure TEXT COLLATE "C" NOT NULL REFERENCES unit_structure (structure),
    code TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    name_en TEXT,
    level TEXT COLLATE "C" NOT NULL CHECK (level IN ('country', 'province', 'district', 'commune', 'village')),
    level_rank INTEGER NOT NULL,
    unit_type TEXT COLLATE "C" NOT NULL,
    unit_class TEXT COLLATE "C" CHECK (unit_class IN ('rural', 'urban', 'special_zone')),
    parent_code TEXT COLLATE "C",
    region7_code TEXT COLLATE "C" REFERENCES region7 (code),
    is_rural INTEGER NOT NULL DEFAULT 0 CHECK (is_rural IN (0, 1)),
    children_count INTEGER NOT NULL DEFAULT 0,
    search_name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (structure, code),
    FOREIGN KEY (structure, parent_code) REFERENCES unit (structure, code)
);
CREATE INDEX unit_by_parent ON unit (parent_code, structure, code);
CREATE INDEX unit_by_level ON unit (level, structure, code);

-- Search keys: see 0001_units.sql.
CREATE TABLE unit_search (
    search_key TEXT COLLATE "C" NOT NULL,
    structure TEXT COLLATE "C" NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    weight INTEGER NOT NULL,
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code) ON DELETE CASCADE
);
CREATE INDEX unit_search_by_key ON unit_search (search_key, structure);
CREATE INDEX unit_search_by_unit ON unit_search (structure, code);

-- Which old unit went (fully or partly) into which new one; the old side
-- has no foreign key (see 0001_units.sql).
CREATE TABLE unit_lineage (
    old_structure TEXT COLLATE "C" NOT NULL,
    old_code TEXT COLLATE "C" NOT NULL,
    old_name TEXT NOT NULL,
    new_structure TEXT COLLATE "C" NOT NULL,
    new_code TEXT COLLATE "C" NOT NULL,
    relation TEXT COLLATE "C" NOT NULL CHECK (relation IN ('full', 'partial')),
    qa_flag TEXT,
    PRIMARY KEY (old_structure, old_code, new_structure, new_code),
    FOREIGN KEY (new_structure, new_code) REFERENCES unit (structure, code)
);
CREATE INDEX unit_lineage_by_new ON unit_lineage (new_structure, new_code);

-- Small facts about the installation.
CREATE TABLE meta (
    meta_key TEXT COLLATE "C" PRIMARY KEY,
    meta_value TEXT NOT NULL
);
