-- The count of a campaign's responses sent online, kept as responses
-- arrive like every other count (survey_tally, question '#web', village
-- '' only: never per village), so the digital readiness of a commune
-- (dx_observe, survey_online_share) reads two tally rows per campaign
-- instead of scanning its responses.  Earlier responses counted once here.
DELETE FROM survey_tally WHERE question_id = '#web';
INSERT INTO survey_tally (campaign_id, village_code, question_id, answer, n)
SELECT campaign_id, '', '#web', '', COUNT(*)
FROM survey_response WHERE channel = 'web' GROUP BY campaign_id;
