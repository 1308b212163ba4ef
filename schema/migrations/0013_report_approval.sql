-- The approval of reports (src/domain/reporting/rep_approval.c,
-- docs/REPORTING.md section 9): the reports waiting at a state - those
-- submitted, for the home of the level above - are found by their state
-- and unit, not by scanning every report.  Portable SQL (SQLite and
-- PostgreSQL alike).
CREATE INDEX rep_report_by_state ON rep_report (state, structure, code);
