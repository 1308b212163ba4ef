-- unit_search without its foreign key to unit: see 0031_unit_search_keys.sql.
ALTER TABLE unit_search DROP CONSTRAINT unit_search_structure_code_fkey;
