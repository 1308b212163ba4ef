-- unit_search without its foreign key to unit (issue 21: `ntm init` on
-- PostgreSQL).  The table is derived: only the units import writes it, each
-- unit's keys right after the unit itself in the same transaction, and no
-- unit is ever deleted, so the key had nothing left to guard.  It cost the
-- most of any check in init: PostgreSQL checks a foreign key row by row,
-- locking the unit row each time, 0.77 s of the 57,355 keys' 0.98 s
-- (COPY into a copy of the table, with and without it).  SQLite drops a
-- constraint by rebuilding the table, as here; the two schemas stay alike.
CREATE TABLE unit_search_new (
    search_key TEXT NOT NULL,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    weight INTEGER NOT NULL
);
INSERT INTO unit_search_new (search_key, structure, code, weight)
SELECT search_key, structure, code, weight FROM unit_search;
DROP TABLE unit_search;
ALTER TABLE unit_search_new RENAME TO unit_search;
CREATE INDEX unit_search_by_key ON unit_search (structure, search_key);
CREATE INDEX unit_search_by_unit ON unit_search (structure, code);
