-- unit_search without its foreign key to unit: see 0031_unit_search_keys.sql.
ALTER TABLE unit_search DROP CONSTRAINT unit_search_structure_code_fkey;
-- Search reads the whole table into memory, and the only query on it finds
-- a unit's keys by (structure, code): a small sample tells the planner
-- enough, and the ANALYZE after `ntm init` reads 3,000 rows instead of
-- 30,000 (58 ms -> 7 ms).
ALTER TABLE unit_search ALTER COLUMN search_key SET STATISTICS 10,
    ALTER COLUMN structure SET STATISTICS 10,
    ALTER COLUMN code SET STATISTICS 10,
    ALTER COLUMN weight SET STATISTICS 10;
