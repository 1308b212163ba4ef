-- PostgreSQL variant of 0007_survey_keys.sql: responses and comments keyed
-- by (campaign, random id), so the separate index by campaign goes (a heap
-- has no rowid: survey_code stays as it is).

ALTER TABLE survey_response DROP CONSTRAINT survey_response_pkey;
ALTER TABLE survey_response ADD PRIMARY KEY (campaign_id, id);
DROP INDEX survey_response_by_campaign;

ALTER TABLE survey_comment DROP CONSTRAINT survey_comment_pkey;
ALTER TABLE survey_comment ADD PRIMARY KEY (campaign_id, id);
DROP INDEX survey_comment_by_campaign;
