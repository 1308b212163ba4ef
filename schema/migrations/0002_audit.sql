-- The tamper-evident audit trail (src/domain/audit/audit.h).  One row per
-- recorded write, appended in the writer's transaction.  seq is the chain
-- number 1, 2, 3... assigned by audit_append (last + 1), not by the
-- database, so the numbering has no gaps and means the same on every
-- backend.  Each row stores the SHA-256 of its canonical fields and of the
-- previous row's hash (prev_hash; 64 zeros for seq 1).
--
-- user_id has no foreign key on purpose: the accounts table is another
-- migration's, and an entry must outlive the account it names (username
-- and role are copied for the same reason).  Portable SQL (SQLite and
-- PostgreSQL).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER NULL,
    username TEXT,
    role TEXT,
    actor_structure TEXT,
    actor_unit_code TEXT,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    structure TEXT,
    unit_code TEXT,
    before_summary TEXT,
    after_summary TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- Newest first by time (with a "since" bound), overall and per unit.
CREATE INDEX audit_log_by_at ON audit_log (at, seq);
CREATE INDEX audit_log_by_unit ON audit_log (structure, unit_code, at, seq);
