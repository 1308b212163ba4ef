-- OCOP scorecards (src/domain/ocop/ocop_scorecard*.c, docs/OCOP.md
-- section 3): the versions of scorecard documents (format
-- ntm-scorecard/1) through the document store.  PostgreSQL twin of
-- 0015_ocop_scorecards.sql: byte-order collation of codes, 64-bit user
-- ids.
CREATE TABLE ocop_scorecard (
    scorecard_id TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    decision TEXT NOT NULL,
    document TEXT NOT NULL,
    sha256 TEXT COLLATE "C" NOT NULL,
    change_note TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES app_user (id),
    PRIMARY KEY (scorecard_id, version)
);
