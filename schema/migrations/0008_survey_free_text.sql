-- Free-text answers in one place: the comments (survey_comment), which
-- carry the moderation flag, and no longer also in the response rows, so
-- that a hidden comment is hidden everywhere it could be read (results,
-- exports, responses) and a text that names its writer is never linked
-- to that household's other answers (docs/SURVEYS.md, "Who may see
-- what").
--
-- Every text answer has been written as a comment in the same
-- transaction as its response since 0005; one without its comment (same
-- campaign, question, village and text) is copied there first, so
-- nothing is lost, and the '#comments' tallies are counted again.  Then
-- the text answers are removed from the rows.

INSERT INTO survey_comment (campaign_id, id, question_id, village_code, body)
SELECT r.campaign_id, lower(hex(randomblob(16))), a.key, r.village_code,
    a.value
FROM survey_response r
JOIN survey_campaign c ON c.id = r.campaign_id
JOIN json_each(c.document, '$.questions') q
    ON json_extract(q.value, '$.type') = 'text'
JOIN json_each(r.answers) a ON a.key = json_extract(q.value, '$.id')
WHERE a.type = 'text'
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

UPDATE survey_response SET answers = (
    SELECT json_group_object(a.key, a.value)
    FROM json_each(survey_response.answers) a
    WHERE a.key NOT IN (
        SELECT json_extract(q.value, '$.id')
        FROM survey_campaign c, json_each(c.document, '$.questions') q
        WHERE c.id = survey_response.campaign_id
        AND json_extract(q.value, '$.type') = 'text'))
WHERE EXISTS (
    SELECT 1 FROM survey_campaign c, json_each(c.document, '$.questions') q
    WHERE c.id = survey_response.campaign_id
    AND json_extract(q.value, '$.type') = 'text');
