-- PostgreSQL twin of 0026_changes.sql: 64-bit seq and ids (seq is the
-- audit entry's, assigned by audit_append, never by a sequence),
-- byte-order collations for the unit.
CREATE TABLE changes (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    structure TEXT COLLATE "C",
    code TEXT COLLATE "C",
    record_id BIGINT NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    href TEXT NOT NULL,
    unit_name TEXT,
    unit_path TEXT,
    body TEXT NOT NULL
);
