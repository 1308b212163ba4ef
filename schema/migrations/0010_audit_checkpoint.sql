-- Signed checkpoints of the audit trail's head (src/domain/audit/
-- audit_checkpoint.c, docs/ACCOUNTS.md).  A checkpoint says "the chain had
-- seq entries and entry seq's hash was head at time at", signed with the
-- Ed25519 key whose public half is public_key (64 hex digits); the secret
-- key is never in the database.  Rows here are a convenience: anyone who
-- can write the database can delete them, so the printed line kept
-- elsewhere is what anchors the head.
--
-- Several processes may make a checkpoint of the same head (ntm serve on
-- PostgreSQL, a cron job): a repeated row is refused by the key and
-- ignored (INSERT ... ON CONFLICT DO NOTHING), and two rows of the same
-- head at different times are both true.  Portable SQL.
CREATE TABLE audit_checkpoint (
    seq INTEGER NOT NULL,
    head TEXT NOT NULL,
    at TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (public_key, seq, at)
);
