-- Surveys, campaigns, household codes, responses, tallies
-- (src/domain/surveys/surveys_store*.c).

-- name: surv_insert
INSERT INTO survey (structure, unit_code, title, document, is_template,
    created_at, created_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: surv_update
UPDATE survey SET title = ?, document = ?, updated_at = ? WHERE id = ?;

-- name: surv_get
SELECT s.id, s.structure, s.unit_code, u.full_name, s.title, s.is_template,
    s.document, s.created_at, s.updated_at,
    (SELECT COUNT(*) FROM survey_campaign c WHERE c.survey_id = s.id)
FROM survey s
LEFT JOIN unit u ON u.structure = s.structure AND u.code = s.unit_code
WHERE s.id = ?;

-- The unit of a questionnaire and whether it is a template (the scope of
-- its routes).
-- name: surv_unit
SELECT structure, unit_code, is_template FROM survey WHERE id = ?;

-- name: surv_list
SELECT s.id, s.title, s.structure, s.unit_code, u.full_name, s.is_template,
    (SELECT COUNT(*) FROM survey_campaign c WHERE c.survey_id = s.id),
    s.updated_at
FROM survey s
LEFT JOIN unit u ON u.structure = s.structure AND u.code = s.unit_code
ORDER BY s.is_template DESC, s.id DESC;

-- name: surv_template_exists
SELECT id FROM survey WHERE is_template = 1 AND title = ?;

-- name: surv_campaign_insert
INSERT INTO survey_campaign (survey_id, structure, unit_code, title,
    document, households, min_coverage_bp, threshold_bp, opens_on, closes_on,
    posting_days, mode, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- A campaign, or every campaign of a scope, newest first.  Bound (id, id)
-- for one campaign and (1, largest id) for a list: a range on the key, so
-- either way the rows are read through it.  The scope filter: NULL for
-- all, else the campaigns of units inside (structure, code) through
-- unit_scope.  Columns:
--   0 id, 1 survey_id, 2 structure, 3 unit_code, 4 unit name, 5 title,
--   6 households, 7 min_coverage_bp, 8 threshold_bp, 9 opens_on,
--   10 closes_on, 11 posting_days, 12 mode, 13 closed_at, 14 created_at,
--   15 codes issued, 16 codes spent (a spent code is a response: the same
--   transaction), 17 responses, 18 the rows of the list, 19 codes
--   cancelled.  Counters only:
--   constant time however many codes and responses.  The questionnaire's
--   copy is read by surv_campaign_state.
-- name: surv_campaign_list
SELECT c.id, c.survey_id, c.structure, c.unit_code, u.full_name, c.title,
    c.households, c.min_coverage_bp, c.threshold_bp, c.opens_on, c.closes_on,
    c.posting_days, c.mode, c.closed_at, c.created_at,
    c.codes_issued,
    CASE WHEN c.mode = 'codes' THEN COALESCE((SELECT t.n FROM survey_tally t
        WHERE t.campaign_id = c.id AND t.village_code = ''
        AND t.question_id = '' AND t.answer = ''), 0) ELSE 0 END,
    COALESCE((SELECT t.n FROM survey_tally t WHERE t.campaign_id = c.id
        AND t.village_code = '' AND t.question_id = '' AND t.answer = ''), 0),
    COUNT(*) OVER (), c.codes_cancelled
FROM survey_campaign c
LEFT JOIN unit u ON u.structure = c.structure AND u.code = c.unit_code
WHERE c.id BETWEEN ? AND ?
    AND (CAST(? AS TEXT) IS NULL
    OR (c.structure = ? AND c.unit_code = ?)
    OR EXISTS (SELECT 1 FROM unit_scope s WHERE s.structure = c.structure
        AND s.code = c.unit_code AND s.scope_structure = ? AND s.scope_code = ?))
ORDER BY c.id DESC LIMIT ? OFFSET ?;

-- The unit of a campaign (the scope of its routes, dossiers' checks).
-- name: surv_campaign_unit
SELECT structure, unit_code FROM survey_campaign WHERE id = ?;

-- name: surv_campaign_close
UPDATE survey_campaign SET closed_at = ? WHERE id = ? AND closed_at IS NULL;

-- The state a submission needs, read inside its transaction.
-- name: surv_campaign_state
SELECT mode, opens_on, closes_on, closed_at, document, households
FROM survey_campaign WHERE id = ?;

-- name: surv_code_insert
INSERT INTO survey_code (campaign_id, code, batch, village_code, spent)
VALUES (?, ?, ?, ?, 0);

-- name: surv_code_next_batch
SELECT COALESCE(MAX(batch), 0) + 1 FROM survey_code_batch WHERE campaign_id = ?;

-- name: surv_code_get
SELECT village_code, spent FROM survey_code WHERE campaign_id = ? AND code = ?;

-- name: surv_code_spend
UPDATE survey_code SET spent = 1 WHERE campaign_id = ? AND code = ? AND spent = 0;

-- The codes of a batch, for printing: never whether one was spent (the
-- owner would learn which household answered; docs/SURVEYS.md).
-- name: surv_code_list
SELECT k.code, k.batch, k.village_code, u.full_name
FROM survey_code k
JOIN survey_campaign c ON c.id = k.campaign_id
LEFT JOIN unit u ON u.structure = c.structure AND u.code = k.village_code
WHERE k.campaign_id = ? AND (? = 0 OR k.batch = ?)
ORDER BY k.batch, k.village_code, k.code;

-- The batches of a campaign, each with as many codes as its sheets print
-- (surv_code_list's) and its village: what the campaign page links to
-- print again.  Never how many of a batch were spent (docs/SURVEYS.md).
-- name: surv_code_batches
SELECT k.batch, COUNT(*), MIN(u.full_name)
FROM survey_code k
JOIN survey_campaign c ON c.id = k.campaign_id
LEFT JOIN unit u ON u.structure = c.structure AND u.code = k.village_code
WHERE k.campaign_id = ?
GROUP BY k.batch
ORDER BY k.batch;

-- Codes issued per village, from the batches.
-- name: surv_code_villages
SELECT COALESCE(b.village_code, ''), u.full_name, SUM(b.issued)
FROM survey_code_batch b
JOIN survey_campaign c ON c.id = b.campaign_id
LEFT JOIN unit u ON u.structure = c.structure AND u.code = b.village_code
WHERE b.campaign_id = ?
GROUP BY COALESCE(b.village_code, ''), u.full_name
ORDER BY 1;

-- name: surv_code_batch_add
INSERT INTO survey_code_batch (campaign_id, batch, village_code, issued)
VALUES (?, ?, ?, ?);

-- Count n more codes issued, unless the live codes would then exceed the
-- households (no row changed: the caller refuses; a guard in the UPDATE
-- holds under concurrent transactions on either backend).
-- name: surv_campaign_codes_add
UPDATE survey_campaign SET codes_issued = codes_issued + ?
WHERE id = ? AND codes_issued - codes_cancelled + ? <= households;

-- name: surv_response_insert
INSERT INTO survey_response (id, campaign_id, village_code, day, channel, answers)
VALUES (?, ?, ?, ?, ?, ?);

-- Responses for the export after the close: no day, no order (the
-- store shuffles them).
-- name: surv_response_list
SELECT village_code, answers FROM survey_response WHERE campaign_id = ?;

-- name: surv_comment_insert
INSERT INTO survey_comment (id, campaign_id, question_id, village_code, body)
VALUES (?, ?, ?, ?, ?);

-- Comments in no meaningful order (their keys are random: there is no
-- time to sort by, on purpose).
-- name: surv_comment_list
SELECT id, question_id, village_code, body, hidden
FROM survey_comment
WHERE campaign_id = ? AND (? = 1 OR hidden = 0)
ORDER BY id LIMIT ? OFFSET ?;

-- name: surv_comment_hidden_count
SELECT COUNT(*) FROM survey_comment WHERE campaign_id = ? AND hidden = 1;

-- name: surv_comment_total
SELECT COALESCE((SELECT n FROM survey_tally WHERE campaign_id = ?
    AND village_code = '' AND question_id = '#comments' AND answer = ''), 0);

-- name: surv_comment_hide
UPDATE survey_comment SET hidden = ? WHERE campaign_id = ? AND id = ?;

-- name: surv_tally_add
INSERT INTO survey_tally (campaign_id, village_code, question_id, answer, n)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (campaign_id, village_code, question_id, answer)
DO UPDATE SET n = survey_tally.n + excluded.n;

-- name: surv_tally_of
SELECT village_code, question_id, answer, n FROM survey_tally
WHERE campaign_id = ? ORDER BY village_code, question_id, answer;

-- name: surv_campaign_newest
SELECT id FROM survey_campaign WHERE survey_id = ? ORDER BY id DESC LIMIT 1;

-- Spend a code and learn its village in one statement; no row: unknown
-- or already spent (surv_code_get tells which).
-- name: surv_code_spend_returning
UPDATE survey_code SET spent = 1 WHERE campaign_id = ? AND code = ? AND spent = 0
RETURNING village_code;

-- ---- integrity: codes within the households, open mode's rate table
-- (surveys_codes.c, surveys_submit.c; issue 13) ----

-- The counts a cap is checked against, read inside the transaction that
-- adds to them: mode, households, codes issued (ever), codes cancelled,
-- responses (the campaign's tally).
-- name: surv_campaign_counts
SELECT c.mode, c.households, c.codes_issued, c.codes_cancelled,
    COALESCE((SELECT t.n FROM survey_tally t WHERE t.campaign_id = c.id
        AND t.village_code = '' AND t.question_id = '' AND t.answer = ''), 0)
FROM survey_campaign c WHERE c.id = ?;

-- Cancel a code, used or not (nothing tells which): the row goes, so the
-- code is unknown from then on; its batch and village are the
-- replacement's.
-- name: surv_code_cancel
DELETE FROM survey_code WHERE campaign_id = ? AND code = ?
RETURNING batch, village_code;

-- A cancellation and its replacement: one more code issued, one more
-- cancelled, the live codes unchanged.
-- name: surv_campaign_code_replaced
UPDATE survey_campaign SET codes_issued = codes_issued + 1,
    codes_cancelled = codes_cancelled + 1 WHERE id = ?;

-- Take the campaign's row lock for the rest of the transaction (a write
-- that changes nothing): concurrent writers - several `ntm serve` on one
-- PostgreSQL - then check the responses against the households one after
-- the other.  SQLite's writers are serialised anyway.
-- name: surv_campaign_lock
UPDATE survey_campaign SET codes_cancelled = codes_cancelled WHERE id = ?;

-- Open mode: submissions per client and hour, the client a keyed hash.
-- name: surv_rate_get
SELECT n FROM survey_rate WHERE campaign_id = ? AND client_hash = ? AND hour = ?;

-- name: surv_rate_add
INSERT INTO survey_rate (campaign_id, client_hash, hour, n) VALUES (?, ?, ?, 1)
ON CONFLICT (campaign_id, client_hash, hour) DO UPDATE SET n = survey_rate.n + 1;

-- The rows of hours that have passed (their key is gone already).
-- name: surv_rate_purge
DELETE FROM survey_rate WHERE hour < ?;
