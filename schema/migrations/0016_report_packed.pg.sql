-- The PostgreSQL twin of 0016_report_packed.sql: BYTEA for the packed
-- figures.
ALTER TABLE rep_report ADD COLUMN packed BYTEA;
