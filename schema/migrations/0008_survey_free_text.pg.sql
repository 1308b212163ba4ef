-- PostgreSQL variant of 0008_survey_free_text.sql (JSON functions differ):
-- free-text answers kept in the comments alone.

INSERT INTO survey_comment (campaign_id, id, question_id, village_code, body)
SELECT r.campaign_id, md5(random()::text || r.id || a.key), a.key,
    r.village_code, a.value
FROM survey_response r
JOIN survey_campaign c ON c.id = r.campaign_id
CROSS JOIN LATERAL jsonb_array_elements(c.document::jsonb -> 'questions') q
CROSS JOIN LATERAL jsonb_each_text(r.answers::jsonb) a
WHERE q ->> 'type' = 'text' AND a.key = q ->> 'id'
    AND jsonb_typeof(r.answers::jsonb -> a.key) = 'string'
    AND NOT EXISTS (SELECT 1 FROM survey_comment k
        WHERE k.campaign_id = r.campaign_id AND k.question_id = a.key
        AND k.village_code = r.village_code AND k.body = a.value);

DELETE FROM survey_tally WHERE question_id = '#comments';
INSERT INTO survey_tally (campaign_id, village_code, question_id, answer, n)
SELECT campaign_id, '', '#comments', '', COUNT(*)
FROM survey_comment GROUP BY campaign_id;
INSERT INTO survey_tally (campaign_id, village_code, question_id, answer, n)
SELECT campaign_id, village_code, '#comments', '', COUNT(*)
FROM survey_comment WHERE village_code <> ''
GROUP BY campaign_id, village_code;

UPDATE survey_response r SET answers = (r.answers::jsonb - ARRAY(
        SELECT q ->> 'id'
        FROM survey_campaign c,
            jsonb_array_elements(c.document::jsonb -> 'questions') q
        WHERE c.id = r.campaign_id AND q ->> 'type' = 'text'))::text
WHERE EXISTS (
    SELECT 1 FROM survey_campaign c,
        jsonb_array_elements(c.document::jsonb -> 'questions') q
    WHERE c.id = r.campaign_id AND q ->> 'type' = 'text');
