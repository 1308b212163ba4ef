-- The legal library (src/domain/legal/, legal/documents.json): one row per
-- legal document the platform applies, loaded by `ntm init` from the file
-- shipped with the software (replaced as a whole when the file changes).
-- The columns people search and sort by are their own; the rest of the
-- entry (summary, English texts, what is RECALLED) is the JSON document.
-- What cites a document is not stored: it is computed from the stored
-- criteria sets, procedures, report forms and scorecards.
-- PostgreSQL twin of 0021_legal.sql: byte-order collation of the slug
-- and number.
CREATE TABLE legal_document (
    slug TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    number TEXT COLLATE "C" NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    issued_on TEXT,
    in_force TEXT NOT NULL CHECK (in_force IN ('yes', 'no', 'not_known')),
    replaced_by TEXT,
    verification TEXT NOT NULL
        CHECK (verification IN ('verified', 'recalled')),
    document TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
