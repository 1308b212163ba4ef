-- Maintained aggregates of reports (src/domain/reporting/rep_report.c,
-- docs/REPORTING.md section 4).
--
-- One row per (form, unit, period, slot): the running sums of the
-- engine's accumulator (struct rep_acc): num, den and the count n of the
-- reports counted.  Every write of a report adds its new values and takes
-- back its old ones (share s and -s) in the same transaction, in the unit
-- itself, every ancestor of it in its structure, and - for a pre-2025 unit
-- - its 2025 successors (by the lineage shares) and their ancestors.  Only
-- the reports of the finest level a form is filled at count (a province's
-- own report is compared with the sum of its communes, never added to it).
-- Reading a unit's aggregate for a period is one indexed read; the
-- figures are computed from the sums (rep_acc_values), never stored.
-- The additions are made by the database (num = num + ?), so two writers
-- of one province's communes never lose each other's change.
-- Portable SQL (SQLite); the PostgreSQL twin differs in the collation of
-- codes and the type of the sums.
CREATE TABLE rep_aggregate (
    form_id TEXT NOT NULL,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    period TEXT NOT NULL,
    slot TEXT NOT NULL,
    num REAL NOT NULL,
    den REAL NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (form_id, structure, code, period, slot),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
