-- Digital readiness (issue 19, src/domain/dx/): indexes for the observed
-- values of one commune and the national picture's grouped reads.
-- A commune's reports of a year (dx_reports_one): the form-first unique
-- key cannot serve a lookup by unit.
CREATE INDEX rep_report_by_unit ON rep_report (structure, code, period);
-- Every typed value of a set and year (dx_values_all): the primary key
-- starts with the unit.
CREATE INDEX indicator_value_by_set ON indicator_value (set_id, year,
    structure, code);
