-- Planning and progress reporting (src/domain/reporting/, docs/REPORTING.md).
--
-- rep_form holds the versions of report forms (format ntm-form/1) through
-- the document store (domain/docstore): a stored version never changes.
-- A report is one unit's form for one period (text "2026", "2026H1",
-- "2026Q3", "2026-07"), under the form version it was started with; its
-- state and row_version are the approval's (the workflow instance, when
-- there is one, is wf_instance_id).  A value is one slot of it
-- ("capital_allocated.central"), as the JSON literal entered; every change
-- of a value - before or after approval - appends its old and new literal,
-- who changed it (the user and the role binding that admitted the write)
-- and when to rep_value_history, which is never updated or deleted.
-- Portable SQL (SQLite); the PostgreSQL twin differs in identity ids and
-- the byte-order collation of codes.
CREATE TABLE rep_form (
    form_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    period_type TEXT NOT NULL
        CHECK (period_type IN ('month', 'quarter', 'half_year', 'year')),
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    change_note TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (form_id, version)
);

CREATE TABLE rep_report (
    id INTEGER PRIMARY KEY,
    form_id TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    period TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
    row_version INTEGER NOT NULL DEFAULT 1,
    wf_instance_id INTEGER REFERENCES wf_instance (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    approved_at TEXT,
    UNIQUE (form_id, structure, code, period),
    FOREIGN KEY (form_id, form_version) REFERENCES rep_form (form_id, version),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX rep_report_by_period ON rep_report (form_id, period, state);

CREATE TABLE rep_value (
    report_id INTEGER NOT NULL REFERENCES rep_report (id),
    slot TEXT NOT NULL,
    value TEXT NOT NULL,
    automatic INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (report_id, slot)
);

CREATE TABLE rep_value_history (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES rep_report (id),
    slot TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_at TEXT NOT NULL,
    user_id INTEGER REFERENCES app_user (id),
    role TEXT,
    role_structure TEXT,
    role_code TEXT,
    report_state TEXT NOT NULL,
    note TEXT
);
CREATE INDEX rep_value_history_by_report ON rep_value_history (report_id, slot, id);
