-- Citizen satisfaction surveys: questionnaires, campaigns, one-time
-- household codes, responses and the tallies kept as they arrive.
--
-- Anonymity is a property of this schema: a response row holds no code,
-- no user, no time finer than the day and no insertion order (its key is
-- random and the table has no rowid), and a spent code row holds no time
-- either; so nothing stored links an answer to the household that gave
-- it.  Percentages are stored in basis points (9000 = 90 %).

CREATE TABLE survey (
    id INTEGER PRIMARY KEY,
    structure TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    title TEXT NOT NULL,
    document TEXT NOT NULL,
    is_template INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    updated_at TEXT NOT NULL,
    FOREIGN KEY (structure, unit_code) REFERENCES unit (structure, code)
);
CREATE INDEX survey_by_unit ON survey (structure, unit_code, id);

-- A survey run for one unit and period.  The questionnaire is copied in
-- (document) so that later edits of the survey never change a campaign.
CREATE TABLE survey_campaign (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES survey (id),
    structure TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    title TEXT NOT NULL,
    document TEXT NOT NULL,
    households INTEGER NOT NULL CHECK (households > 0),
    min_coverage_bp INTEGER NOT NULL CHECK (min_coverage_bp BETWEEN 0 AND 10000),
    threshold_bp INTEGER NOT NULL CHECK (threshold_bp BETWEEN 0 AND 10000),
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    posting_days INTEGER NOT NULL DEFAULT 0,
    mode TEXT NOT NULL CHECK (mode IN ('codes', 'open')),
    closed_at TEXT,
    codes_issued INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    FOREIGN KEY (structure, unit_code) REFERENCES unit (structure, code)
);
CREATE INDEX survey_campaign_by_unit ON survey_campaign (structure, unit_code, id);

-- One-time household codes.  village_code: the village team the batch
-- was issued to (per-village results), or NULL.
CREATE TABLE survey_code (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    code TEXT NOT NULL,
    batch INTEGER NOT NULL,
    village_code TEXT,
    spent INTEGER NOT NULL DEFAULT 0 CHECK (spent IN (0, 1)),
    PRIMARY KEY (campaign_id, code)
);
CREATE INDEX survey_code_by_batch ON survey_code (campaign_id, batch, code);

-- One row per batch of codes: the counts pages and results read (never
-- a count over the codes themselves, a million in a province).
CREATE TABLE survey_code_batch (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    batch INTEGER NOT NULL,
    village_code TEXT,
    issued INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, batch)
);

CREATE TABLE survey_response (
    id TEXT NOT NULL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    village_code TEXT NOT NULL DEFAULT '',
    day TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'paper')),
    answers TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_response_by_campaign ON survey_response (campaign_id, id);

-- Counts kept as responses arrive: (village '' = the whole campaign;
-- question '' = responses, '#comments' = free-text answers kept; answer
-- '' = answered, '+' = satisfied, else the option, grade or yes/no
-- chosen).  In codes mode the responses are also the codes spent.
CREATE TABLE survey_tally (
    campaign_id INTEGER NOT NULL,
    village_code TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, village_code, question_id, answer)
);

-- Free-text answers, for reading and moderation (hidden ones are not
-- shown publicly).  Not linked to their response either.
CREATE TABLE survey_comment (
    id TEXT NOT NULL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES survey_campaign (id),
    question_id TEXT NOT NULL,
    village_code TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX survey_comment_by_campaign ON survey_comment (campaign_id, id);
CREATE INDEX survey_comment_hidden ON survey_comment (campaign_id, hidden, id);

-- Open-mode submissions per client and hour (rate limiting).
CREATE TABLE survey_rate (
    campaign_id INTEGER NOT NULL,
    client_key TEXT NOT NULL,
    hour TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, client_key, hour)
);
