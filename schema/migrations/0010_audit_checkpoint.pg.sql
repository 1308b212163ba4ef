-- PostgreSQL variant of 0010_audit_checkpoint.sql: seq is BIGINT like
-- audit_log.seq (SQLite's INTEGER is 64-bit, PostgreSQL's 32-bit); texts
-- compare bytes (COLLATE "C"), as on SQLite.
CREATE TABLE audit_checkpoint (
    seq BIGINT NOT NULL,
    head TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    public_key TEXT COLLATE "C" NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (public_key, seq, at)
);
