-- Each report's figures packed into one value (src/domain/reporting/
-- rep_cold.c, docs/REPORTING.md section 12): the numbers of its values,
-- one 8-byte little-endian IEEE double per slot of its form version, NaN
-- where the slot has none.  The writer sets it in the transaction that
-- changes a value, so that a figure recomputed from the reports (the
-- nation's, to check the maintained aggregates; a rebuild) reads one row a
-- report instead of one a value.  NULL for a report saved before this
-- migration: its values are read from rep_value instead.
ALTER TABLE rep_report ADD COLUMN packed BLOB;
