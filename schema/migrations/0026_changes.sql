-- The change feed (issue 20, src/domain/changes/changes.c): one row per
-- audit entry whose action is a published kind, keyed by that entry's
-- seq, written by audit_append inside the same transaction.  seq is the
-- feed's cursor: it grows in commit order on both backends, so a reader
-- asking for seq > cursor never skips a row that commits later.  A change
-- names what changed, never its content: the kind, the unit, the record's
-- id and the link to the full resource (which checks access itself).
-- unit_name is the unit's full name when the change was written, and body
-- the change as the feed sends it (compact JSON): a page is then one
-- statement over this table alone, its rows' bodies copied into the reply
-- (bench/changes.sh).  A unit renamed later is itself a change (unit).
-- unit_path is the unit and its ancestors when written ("/00376-01/00376/
-- 01/VN/"): a reader's scope in the same structure is a substring test,
-- not a walk up the tree per unit.
-- Entries written before this migration are not in the feed.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    structure TEXT,
    code TEXT,
    record_id INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    href TEXT NOT NULL,
    unit_name TEXT,
    unit_path TEXT,
    body TEXT NOT NULL
);
