-- OCOP scorecards (src/domain/ocop/ocop_scorecard*.c, docs/OCOP.md
-- section 3): the versions of scorecard documents (format
-- ntm-scorecard/1) through the document store (domain/docstore): a stored
-- version never changes; an amendment is a new, higher version.  The
-- evaluation rounds (a later migration) refer to (scorecard_id, version).
-- Portable SQL (SQLite); the PostgreSQL twin differs in the byte-order
-- collation of codes and 64-bit user ids.
CREATE TABLE ocop_scorecard (
    scorecard_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    decision TEXT NOT NULL,
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    change_note TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (scorecard_id, version)
);
