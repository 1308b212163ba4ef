-- PostgreSQL variant of 0009_survey_integrity.sql: BIGINT campaign ids,
-- keys COLLATE "C".

ALTER TABLE survey_campaign ADD COLUMN codes_cancelled INTEGER NOT NULL
    DEFAULT 0 CHECK (codes_cancelled >= 0);

DROP TABLE survey_rate;
CREATE TABLE survey_rate (
    campaign_id BIGINT NOT NULL,
    client_hash TEXT COLLATE "C" NOT NULL CHECK (length(client_hash) = 32),
    hour TEXT COLLATE "C" NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, client_hash, hour)
);
CREATE INDEX survey_rate_by_hour ON survey_rate (hour);
