-- Survey responses, comments and codes keyed by campaign first, in one
-- B-tree each.  Before, a response went into its table (keyed by a random
-- id) and into an index by (campaign, id): two random B-tree inserts per
-- response in the group-commit writer, the part of a submission that
-- limits the durable rate (bench/RESULTS.md, 2026-11-29).  Keyed by
-- (campaign, random id) WITHOUT ROWID, the table is its own index, and a
-- response still carries no insertion order.  Codes: the spend reads and
-- writes one B-tree instead of an index and then the table.

CREATE TABLE survey_response_new (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    id TEXT NOT NULL,
    village_code TEXT NOT NULL DEFAULT '',
    day TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'paper')),
    answers TEXT NOT NULL,
    PRIMARY KEY (campaign_id, id)
) WITHOUT ROWID;
INSERT INTO survey_response_new (campaign_id, id, village_code, day, channel,
    answers)
SELECT campaign_id, id, village_code, day, channel, answers
FROM survey_response;
DROP TABLE survey_response;
ALTER TABLE survey_response_new RENAME TO survey_response;

CREATE TABLE survey_comment_new (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    village_code TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    PRIMARY KEY (campaign_id, id)
) WITHOUT ROWID;
INSERT INTO survey_comment_new (campaign_id, id, question_id, village_code,
    body, hidden)
SELECT campaign_id, id, question_id, village_code, body, hidden
FROM survey_comment;
DROP TABLE survey_comment;
ALTER TABLE survey_comment_new RENAME TO survey_comment;
CREATE INDEX survey_comment_hidden ON survey_comment (campaign_id, hidden, id);

CREATE TABLE survey_code_new (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    code TEXT NOT NULL,
    batch INTEGER NOT NULL,
    village_code TEXT,
    spent INTEGER NOT NULL DEFAULT 0 CHECK (spent IN (0, 1)),
    PRIMARY KEY (campaign_id, code)
) WITHOUT ROWID;
INSERT INTO survey_code_new (campaign_id, code, batch, village_code, spent)
SELECT campaign_id, code, batch, village_code, spent FROM survey_code;
DROP TABLE survey_code;
ALTER TABLE survey_code_new RENAME TO survey_code;
CREATE INDEX survey_code_by_batch ON survey_code (campaign_id, batch, code);
