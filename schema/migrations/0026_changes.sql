-- The change feed (issue 20, src/domain/changes/changes.c): one row per
-- audit entry whose action is a published kind, keyed by that entry's
-- seq, written by audit_append inside the same transaction.  seq is the
-- feed's cursor: it grows in commit order on both backends, so a reader
-- asking for seq > cursor never skips a row that commits later.  A change
-- names what changed, never its content: the kind, the unit, the record's
-- id and the link to the full resource (which checks access itself).
-- unit_name is the unit's full name when the change was written: a page
-- is then one statement over this table alone (bench/changes.sh); a unit
-- renamed later is itself a change of kind unit.
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
    unit_name TEXT
);
