-- Survey integrity (issue 13).
--
-- Codes cancelled: a lost household code is cancelled and replaced in one
-- action (src/domain/surveys/surveys_codes.c).  codes_issued keeps
-- counting every code ever issued (so responses <= codes_issued still
-- holds: a code cancelled after it was used leaves its response counted);
-- the live codes are codes_issued - codes_cancelled, never more than the
-- households.
--
-- Open-mode rate limits: the client's address was stored with the hour.
-- The rows now hold a keyed BLAKE2b hash of it (32 hex digits; the key
-- lives in the memory of the process and changes every hour), so a row
-- cannot be linked to an address once its hour has passed.  The stored
-- addresses are dropped with the old table: they were counters of the
-- current hour at most, nothing else reads them.

ALTER TABLE survey_campaign ADD COLUMN codes_cancelled INTEGER NOT NULL
    DEFAULT 0 CHECK (codes_cancelled >= 0);

DROP TABLE survey_rate;
CREATE TABLE survey_rate (
    campaign_id INTEGER NOT NULL,
    client_hash TEXT NOT NULL CHECK (length(client_hash) = 32),
    hour TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, client_hash, hour)
);
CREATE INDEX survey_rate_by_hour ON survey_rate (hour);
