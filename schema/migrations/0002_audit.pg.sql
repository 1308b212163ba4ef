-- PostgreSQL variant of 0002_audit.sql.  seq and user_id are BIGINT
-- (SQLite's INTEGER is 64-bit, PostgreSQL's 32-bit); seq is still assigned
-- by audit_append, not by the database.  The time and the unit fields are
-- COLLATE "C" so that "newest first" and the since bound compare bytes,
-- as on SQLite.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    user_id BIGINT NULL,
    username TEXT COLLATE "C",
    role TEXT COLLATE "C",
    actor_structure TEXT COLLATE "C",
    actor_unit_code TEXT COLLATE "C",
    action TEXT COLLATE "C" NOT NULL,
    object TEXT NOT NULL,
    structure TEXT COLLATE "C",
    unit_code TEXT COLLATE "C",
    before_summary TEXT,
    after_summary TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- Newest first by time (with a "since" bound), overall and per unit.
CREATE INDEX audit_log_by_at ON audit_log (at, seq);
CREATE INDEX audit_log_by_unit ON audit_log (structure, unit_code, at, seq);
