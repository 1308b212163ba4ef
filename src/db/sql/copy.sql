-- ntm copy: every table read in an order that satisfies its foreign keys
-- and written with the same columns.  Used only by src/cli/cmd_copy.c.

-- name: copy_is_empty
SELECT (SELECT COUNT(*) FROM unit) + (SELECT COUNT(*) FROM app_user)
     + (SELECT COUNT(*) FROM audit_log);

-- name: copy_get_region7
SELECT code, name_vi, name_en, gso6_code FROM region7 ORDER BY code;
-- name: copy_put_region7
INSERT INTO region7 (code, name_vi, name_en, gso6_code) VALUES (?, ?, ?, ?);

-- name: copy_get_unit
SELECT structure, code, name, full_name, name_en, level, level_rank,
    unit_type, unit_class, parent_code, region7_code, is_rural,
    children_count, search_name
FROM unit ORDER BY level_rank, structure, code;
-- name: copy_put_unit
INSERT INTO unit (structure, code, name, full_name, name_en, level,
    level_rank, unit_type, unit_class, parent_code, region7_code, is_rural,
    children_count, search_name)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_unit_search
SELECT search_key, structure, code, weight FROM unit_search
ORDER BY structure, code, search_key;
-- name: copy_put_unit_search
INSERT INTO unit_search (search_key, structure, code, weight) VALUES (?, ?, ?, ?);

-- name: copy_get_unit_lineage
SELECT old_structure, old_code, old_name, new_structure, new_code, relation,
    qa_flag
FROM unit_lineage ORDER BY old_structure, old_code, new_structure, new_code;
-- name: copy_put_unit_lineage
INSERT INTO unit_lineage (old_structure, old_code, old_name, new_structure,
    new_code, relation, qa_flag)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_meta
SELECT meta_key, meta_value FROM meta ORDER BY meta_key;
-- name: copy_put_meta
INSERT INTO meta (meta_key, meta_value) VALUES (?, ?);

-- name: copy_get_app_user
SELECT id, username, full_name, password_hash, disabled, created_at,
    created_by
FROM app_user ORDER BY id;
-- name: copy_put_app_user
INSERT INTO app_user (id, username, full_name, password_hash, disabled,
    created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_user_role
SELECT user_id, role, structure, unit_code FROM user_role
ORDER BY user_id, role, structure, unit_code;
-- name: copy_put_user_role
INSERT INTO user_role (user_id, role, structure, unit_code) VALUES (?, ?, ?, ?);

-- name: copy_get_user_session
SELECT id_hash, user_id, csrf_token, created_at, last_seen, expires_at
FROM user_session ORDER BY id_hash;
-- name: copy_put_user_session
INSERT INTO user_session (id_hash, user_id, csrf_token, created_at,
    last_seen, expires_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_api_token
SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at
FROM api_token ORDER BY id;
-- name: copy_put_api_token
INSERT INTO api_token (id, user_id, name, token_hash, created_at,
    last_used_at, revoked_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_login_failure
SELECT username, at FROM login_failure ORDER BY username, at;
-- name: copy_put_login_failure
INSERT INTO login_failure (username, at) VALUES (?, ?);

-- name: copy_get_audit_log
SELECT seq, at, user_id, username, role, actor_structure, actor_unit_code,
    action, object, structure, unit_code, before_summary, after_summary,
    prev_hash, hash
FROM audit_log ORDER BY seq;
-- name: copy_put_audit_log
INSERT INTO audit_log (seq, at, user_id, username, role, actor_structure,
    actor_unit_code, action, object, structure, unit_code, before_summary,
    after_summary, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_audit_checkpoint
SELECT seq, head, at, public_key, signature
FROM audit_checkpoint ORDER BY public_key, seq, at;
-- name: copy_put_audit_checkpoint
INSERT INTO audit_checkpoint (seq, head, at, public_key, signature)
VALUES (?, ?, ?, ?, ?);

-- Criteria (0004): sets, attributes, values and what is derived from them.

-- name: copy_get_criteria_set
SELECT set_id, version, name, kind, structure, level, year_from, year_to, profile, document, sha256, change_note, created_at, created_by
FROM criteria_set ORDER BY set_id, version;
-- name: copy_put_criteria_set
INSERT INTO criteria_set (set_id, version, name, kind, structure, level, year_from, year_to, profile, document, sha256, change_note, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_criteria_override
SELECT set_id, structure, province_code, indicator_id, variant, value, source_document, updated_at, updated_by
FROM criteria_override ORDER BY set_id, structure, province_code, indicator_id, variant;
-- name: copy_put_criteria_override
INSERT INTO criteria_override (set_id, structure, province_code, indicator_id, variant, value, source_document, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_unit_attribute
SELECT structure, code, year, commune_group, ethnic_area, source_document, updated_at, updated_by
FROM unit_attribute ORDER BY structure, code, year;
-- name: copy_put_unit_attribute
INSERT INTO unit_attribute (structure, code, year, commune_group, ethnic_area, source_document, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_indicator_value
SELECT structure, code, set_id, year, indicator_id, value, updated_at, updated_by
FROM indicator_value ORDER BY structure, code, set_id, year, indicator_id;
-- name: copy_put_indicator_value
INSERT INTO indicator_value (structure, code, set_id, year, indicator_id, value, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_evaluation
SELECT structure, code, set_id, year, set_version, status, criteria_met, criteria_failed, criteria_unknown, criteria_total, criteria_bits, revocation_rule, computed_at
FROM evaluation ORDER BY structure, code, set_id, year;
-- name: copy_put_evaluation
INSERT INTO evaluation (structure, code, set_id, year, set_version, status, criteria_met, criteria_failed, criteria_unknown, criteria_total, criteria_bits, revocation_rule, computed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_unit_scope
SELECT structure, code, scope_structure, scope_code, unit_level, unit_class
FROM unit_scope ORDER BY structure, code, scope_structure, scope_code;
-- name: copy_put_unit_scope
INSERT INTO unit_scope (structure, code, scope_structure, scope_code,
    unit_level, unit_class)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_rollup
SELECT scope_structure, scope_code, set_id, year, evaluated, met, not_met, incomplete, revocation, criteria_met_sum, dist, passed, failed
FROM rollup ORDER BY scope_structure, scope_code, set_id, year;
-- name: copy_put_rollup
INSERT INTO rollup (scope_structure, scope_code, set_id, year, evaluated, met, not_met, incomplete, revocation, criteria_met_sum, dist, passed, failed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- unit_recognition: with the columns of 0006 (its dossiers: copied after
-- them, see below).
-- name: copy_get_unit_recognition
SELECT structure, code, set_id, year, decision_no, decision_date, revoked_at,
    title, decision_signer, dossier_id, revocation_no, revocation_dossier_id
FROM unit_recognition ORDER BY structure, code, set_id;
-- name: copy_put_unit_recognition
INSERT INTO unit_recognition (structure, code, set_id, year, decision_no,
    decision_date, revoked_at, title, decision_signer, dossier_id,
    revocation_no, revocation_dossier_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Surveys (0005).

-- name: copy_get_survey
SELECT id, structure, unit_code, title, document, is_template, created_at, created_by, updated_at
FROM survey ORDER BY id;
-- name: copy_put_survey
INSERT INTO survey (id, structure, unit_code, title, document, is_template, created_at, created_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_survey_campaign
SELECT id, survey_id, structure, unit_code, title, document, households, min_coverage_bp, threshold_bp, opens_on, closes_on, posting_days, mode, closed_at, codes_issued, created_at, created_by, codes_cancelled
FROM survey_campaign ORDER BY id;
-- name: copy_put_survey_campaign
INSERT INTO survey_campaign (id, survey_id, structure, unit_code, title, document, households, min_coverage_bp, threshold_bp, opens_on, closes_on, posting_days, mode, closed_at, codes_issued, created_at, created_by, codes_cancelled)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_survey_code
SELECT campaign_id, code, batch, village_code, spent
FROM survey_code ORDER BY campaign_id, code;
-- name: copy_put_survey_code
INSERT INTO survey_code (campaign_id, code, batch, village_code, spent)
VALUES (?, ?, ?, ?, ?);

-- name: copy_get_survey_response
SELECT id, campaign_id, village_code, day, channel, answers
FROM survey_response ORDER BY id;
-- name: copy_put_survey_response
INSERT INTO survey_response (id, campaign_id, village_code, day, channel, answers)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_survey_tally
SELECT campaign_id, village_code, question_id, answer, n
FROM survey_tally ORDER BY campaign_id, village_code, question_id, answer;
-- name: copy_put_survey_tally
INSERT INTO survey_tally (campaign_id, village_code, question_id, answer, n)
VALUES (?, ?, ?, ?, ?);

-- name: copy_get_survey_comment
SELECT id, campaign_id, question_id, village_code, body, hidden
FROM survey_comment ORDER BY id;
-- name: copy_put_survey_comment
INSERT INTO survey_comment (id, campaign_id, question_id, village_code, body, hidden)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_survey_code_batch
SELECT campaign_id, batch, village_code, issued
FROM survey_code_batch ORDER BY campaign_id, batch;
-- name: copy_put_survey_code_batch
INSERT INTO survey_code_batch (campaign_id, batch, village_code, issued)
VALUES (?, ?, ?, ?);

-- Workflows and recognition dossiers (0006).

-- name: copy_get_wf_procedure
SELECT procedure_id, version, name, kind, document, sha256, change_note, created_at, created_by
FROM wf_procedure ORDER BY procedure_id, version;
-- name: copy_put_wf_procedure
INSERT INTO wf_procedure (procedure_id, version, name, kind, document, sha256, change_note, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_wf_instance
SELECT id, procedure_id, procedure_version, subject, structure, code, state, row_version, state_since, due_on, terminal, created_at
FROM wf_instance ORDER BY id;
-- name: copy_put_wf_instance
INSERT INTO wf_instance (id, procedure_id, procedure_version, subject, structure, code, state, row_version, state_since, due_on, terminal, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_wf_event
SELECT instance_id, seq, transition, from_state, to_state, at, user_id, username, role, actor_structure, actor_unit_code, note, detail
FROM wf_event ORDER BY instance_id, seq;
-- name: copy_put_wf_event
INSERT INTO wf_event (instance_id, seq, transition, from_state, to_state, at, user_id, username, role, actor_structure, actor_unit_code, note, detail)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- A revocation case points at the older dossier it revokes: id order.
-- name: copy_get_dossier
SELECT id, kind, instance_id, structure, code, set_id, year, title, campaign_id, snapshot, snapshot_version, snapshot_at, satisfaction, justification, council_round, decision_no, decision_date, decision_signer, revokes, is_open, created_at, created_by
FROM dossier ORDER BY id;
-- name: copy_put_dossier
INSERT INTO dossier (id, kind, instance_id, structure, code, set_id, year, title, campaign_id, snapshot, snapshot_version, snapshot_at, satisfaction, justification, council_round, decision_no, decision_date, decision_signer, revokes, is_open, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- data is bytes (BLOB / bytea): cmd_copy.c copies column 2 as such.
-- name: copy_get_attachment_blob
SELECT sha256, size, data FROM attachment_blob ORDER BY sha256;
-- name: copy_put_attachment_blob
INSERT INTO attachment_blob (sha256, size, data) VALUES (?, ?, ?);

-- name: copy_get_dossier_attachment
SELECT id, dossier_id, kind, filename, mime, size, sha256, created_at, created_by, removed_at, removed_by
FROM dossier_attachment ORDER BY id;
-- name: copy_put_dossier_attachment
INSERT INTO dossier_attachment (id, dossier_id, kind, filename, mime, size, sha256, created_at, created_by, removed_at, removed_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_dossier_criterion
SELECT dossier_id, criterion_id, appraisal, appraisal_note, appraised_by, appraised_at
FROM dossier_criterion ORDER BY dossier_id, criterion_id;
-- name: copy_put_dossier_criterion
INSERT INTO dossier_criterion (dossier_id, criterion_id, appraisal, appraisal_note, appraised_by, appraised_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_dossier_comment
SELECT id, dossier_id, criterion_id, kind, body, at, user_id, username
FROM dossier_comment ORDER BY id;
-- name: copy_put_dossier_comment
INSERT INTO dossier_comment (id, dossier_id, criterion_id, kind, body, at, user_id, username)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_dossier_vote
SELECT dossier_id, round, user_id, username, vote, opinion, at
FROM dossier_vote ORDER BY dossier_id, round, user_id;
-- name: copy_put_dossier_vote
INSERT INTO dossier_vote (dossier_id, round, user_id, username, vote, opinion, at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- Planning and progress reporting (0011).

-- name: copy_get_rep_form
SELECT form_id, version, title, period_type, document, sha256, change_note, created_at, created_by
FROM rep_form ORDER BY form_id, version;
-- name: copy_put_rep_form
INSERT INTO rep_form (form_id, version, title, period_type, document, sha256, change_note, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_rep_report
SELECT id, form_id, form_version, structure, code, period, state, row_version, wf_instance_id, created_at, updated_at, submitted_at, approved_at, packed
FROM rep_report ORDER BY id;
-- name: copy_put_rep_report
INSERT INTO rep_report (id, form_id, form_version, structure, code, period, state, row_version, wf_instance_id, created_at, updated_at, submitted_at, approved_at, packed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_rep_value
SELECT report_id, slot, value, automatic, updated_at
FROM rep_value ORDER BY report_id, slot;
-- name: copy_put_rep_value
INSERT INTO rep_value (report_id, slot, value, automatic, updated_at)
VALUES (?, ?, ?, ?, ?);

-- name: copy_get_rep_value_history
SELECT id, report_id, slot, old_value, new_value, changed_at, user_id, role, role_structure, role_code, report_state, note
FROM rep_value_history ORDER BY id;
-- name: copy_put_rep_value_history
INSERT INTO rep_value_history (id, report_id, slot, old_value, new_value, changed_at, user_id, role, role_structure, role_code, report_state, note)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_rep_aggregate
SELECT form_id, structure, code, period, slot, num, den, n
FROM rep_aggregate ORDER BY form_id, structure, code, period, slot;
-- name: copy_put_rep_aggregate
INSERT INTO rep_aggregate (form_id, structure, code, period, slot, num, den, n)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- OCOP scorecards (0015).

-- name: copy_get_ocop_scorecard
SELECT scorecard_id, version, title, decision, document, sha256, change_note, created_at, created_by
FROM ocop_scorecard ORDER BY scorecard_id, version;
-- name: copy_put_ocop_scorecard
INSERT INTO ocop_scorecard (scorecard_id, version, title, decision, document, sha256, change_note, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);
-- name: copy_get_ocop_producer
SELECT id, name, search_name, kind, structure, code, address, phone, tax_code,
    row_version, created_at, updated_at, created_by
FROM ocop_producer ORDER BY id;
-- name: copy_put_ocop_producer
INSERT INTO ocop_producer (id, name, search_name, kind, structure, code,
    address, phone, tax_code, row_version, created_at, updated_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_producer_user
SELECT producer_id, user_id FROM ocop_producer_user ORDER BY producer_id, user_id;
-- name: copy_put_ocop_producer_user
INSERT INTO ocop_producer_user (producer_id, user_id) VALUES (?, ?);

-- name: copy_get_ocop_product
SELECT id, producer_id, name, search_name, product_group, subgroup,
    description, ingredients, standards, business_plan, structure, code,
    state, instance_id, stars, score, row_version, created_at, updated_at
FROM ocop_product ORDER BY id;
-- name: copy_put_ocop_product
INSERT INTO ocop_product (id, producer_id, name, search_name, product_group,
    subgroup, description, ingredients, standards, business_plan, structure,
    code, state, instance_id, stars, score, row_version, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_product_photo
SELECT id, product_id, filename, mime, size, sha256, width, height,
    thumb_sha256, created_at, created_by
FROM ocop_product_photo ORDER BY id;
-- name: copy_put_ocop_product_photo
INSERT INTO ocop_product_photo (id, product_id, filename, mime, size, sha256,
    width, height, thumb_sha256, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_product_history
SELECT id, product_id, at, user_id, username, field, old_value, new_value
FROM ocop_product_history ORDER BY id;
-- name: copy_put_ocop_product_history
INSERT INTO ocop_product_history (id, product_id, at, user_id, username,
    field, old_value, new_value)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_certificate
SELECT id, code, number, product_id, level, stars, score, issued_on,
    expires_on, issuer_structure, issuer_code, source, round_id, replaces_id,
    revoked_on, revoked_reason, revoked_by, created_at, created_by
FROM ocop_certificate ORDER BY id;
-- name: copy_put_ocop_certificate
INSERT INTO ocop_certificate (id, code, number, product_id, level, stars,
    score, issued_on, expires_on, issuer_structure, issuer_code, source,
    round_id, replaces_id, revoked_on, revoked_reason, revoked_by, created_at,
    created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_certificate_seq
SELECT issuer_code, year, last FROM ocop_certificate_seq
ORDER BY issuer_code, year;
-- name: copy_put_ocop_certificate_seq
INSERT INTO ocop_certificate_seq (issuer_code, year, last) VALUES (?, ?, ?);

-- name: copy_get_ocop_round
SELECT id, level, structure, code, name, scorecard_id, scorecard_version,
    state, chair_id, opened_at, opened_by, closed_at
FROM ocop_round ORDER BY id;
-- name: copy_put_ocop_round
INSERT INTO ocop_round (id, level, structure, code, name, scorecard_id,
    scorecard_version, state, chair_id, opened_at, opened_by, closed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_round_member
SELECT round_id, user_id, added_at FROM ocop_round_member
ORDER BY round_id, user_id;
-- name: copy_put_ocop_round_member
INSERT INTO ocop_round_member (round_id, user_id, added_at) VALUES (?, ?, ?);

-- name: copy_get_ocop_round_product
SELECT round_id, product_id, added_at, mean, stars, spread, flagged, outcome
FROM ocop_round_product ORDER BY round_id, product_id;
-- name: copy_put_ocop_round_product
INSERT INTO ocop_round_product (round_id, product_id, added_at, mean, stars,
    spread, flagged, outcome)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_ocop_round_sheet
SELECT round_id, product_id, user_id, scores, parts, total, submitted,
    submitted_at, updated_at
FROM ocop_round_sheet ORDER BY round_id, product_id, user_id;
-- name: copy_put_ocop_round_sheet
INSERT INTO ocop_round_sheet (round_id, product_id, user_id, scores, parts,
    total, submitted, submitted_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The marketplace (migration 0019): after the OCOP tables, orders after
-- their workflow instances, transfers after their uploads.

-- name: copy_get_market_shop
SELECT producer_id, intro, bank_bin, bank_account, account_name,
    accepts_cod, accepts_transfer, row_version, created_at, updated_at
FROM market_shop ORDER BY producer_id;
-- name: copy_put_market_shop
INSERT INTO market_shop (producer_id, intro, bank_bin, bank_account,
    account_name, accepts_cod, accepts_transfer, row_version, created_at,
    updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_market_shipping_rule
SELECT id, producer_id, province_code, first_grams, first_fee_vnd,
    step_grams, step_fee_vnd, created_at, updated_at
FROM market_shipping_rule ORDER BY id;
-- name: copy_put_market_shipping_rule
INSERT INTO market_shipping_rule (id, producer_id, province_code,
    first_grams, first_fee_vnd, step_grams, step_fee_vnd, created_at,
    updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_market_listing
SELECT id, product_id, producer_id, variant, unit_name, price_vnd, stock,
    weight_grams, description, status, structure, code, province_code,
    row_version, created_at, updated_at, created_by
FROM market_listing ORDER BY id;
-- name: copy_put_market_listing
INSERT INTO market_listing (id, product_id, producer_id, variant, unit_name,
    price_vnd, stock, weight_grams, description, status, structure, code,
    province_code, row_version, created_at, updated_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_market_listing_photo
SELECT id, listing_id, position, filename, mime, size, sha256, width,
    height, thumb_sha256, created_at, created_by
FROM market_listing_photo ORDER BY id;
-- name: copy_put_market_listing_photo
INSERT INTO market_listing_photo (id, listing_id, position, filename, mime,
    size, sha256, width, height, thumb_sha256, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_market_fee
SELECT valid_from, rate_bp, source, created_at, created_by
FROM market_fee ORDER BY valid_from;
-- name: copy_put_market_fee
INSERT INTO market_fee (valid_from, rate_bp, source, created_at, created_by)
VALUES (?, ?, ?, ?, ?);

-- name: copy_get_market_order
SELECT id, reference, access_hash, checkout, producer_id, buyer_id,
    buyer_name, buyer_phone, address, structure, code, province_code,
    payment, state, instance_id, weight_grams, goods_vnd, shipping_vnd,
    total_vnd, fee_vnd, paid_vnd, note, placed_at, updated_at, delivered_at,
    row_version
FROM market_order ORDER BY id;
-- name: copy_put_market_order
INSERT INTO market_order (id, reference, access_hash, checkout, producer_id,
    buyer_id, buyer_name, buyer_phone, address, structure, code,
    province_code, payment, state, instance_id, weight_grams, goods_vnd,
    shipping_vnd, total_vnd, fee_vnd, paid_vnd, note, placed_at, updated_at,
    delivered_at, row_version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?);

-- name: copy_get_market_order_line
SELECT order_id, listing_id, product_id, name, unit_name, price_vnd,
    quantity, weight_grams, amount_vnd
FROM market_order_line ORDER BY order_id, listing_id;
-- name: copy_put_market_order_line
INSERT INTO market_order_line (order_id, listing_id, product_id, name,
    unit_name, price_vnd, quantity, weight_grams, amount_vnd)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_market_review
SELECT order_id, listing_id, rating, body, author, created_at
FROM market_review ORDER BY order_id, listing_id;
-- name: copy_put_market_review
INSERT INTO market_review (order_id, listing_id, rating, body, author,
    created_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_market_bank_upload
SELECT id, producer_id, filename, sha256, encoding, line_count, created_at,
    created_by
FROM market_bank_upload ORDER BY id;
-- name: copy_put_market_bank_upload
INSERT INTO market_bank_upload (id, producer_id, filename, sha256, encoding,
    line_count, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_market_transfer
SELECT id, producer_id, upload_id, line_key, booked_on, amount_vnd,
    description, order_id, outcome, created_at
FROM market_transfer ORDER BY id;
-- name: copy_put_market_transfer
INSERT INTO market_transfer (id, producer_id, upload_id, line_key,
    booked_on, amount_vnd, description, order_id, outcome, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_legal_document
SELECT slug, number, position, kind, title, issued_on, in_force,
    replaced_by, verification, document, loaded_at
FROM legal_document ORDER BY position;
-- name: copy_put_legal_document
INSERT INTO legal_document (slug, number, position, kind, title, issued_on,
    in_force, replaced_by, verification, document, loaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_pilot
SELECT id, structure, code, province_code, kind, status, title, deployed,
    cost_vnd, funding, start_date, review_date, resp_unit, resp_person,
    worked, not_worked, advice, search_key, created_at, created_by,
    updated_at
FROM pilot ORDER BY id;
-- name: copy_put_pilot
INSERT INTO pilot (id, structure, code, province_code, kind, status, title,
    deployed, cost_vnd, funding, start_date, review_date, resp_unit,
    resp_person, worked, not_worked, advice, search_key, created_at,
    created_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_pilot_note
SELECT id, pilot_id, note_date, body, created_at, created_by
FROM pilot_note ORDER BY id;
-- name: copy_put_pilot_note
INSERT INTO pilot_note (id, pilot_id, note_date, body, created_at,
    created_by)
VALUES (?, ?, ?, ?, ?, ?);

-- name: copy_get_pilot_photo
SELECT id, note_id, filename, mime, size, sha256, created_at
FROM pilot_photo ORDER BY id;
-- name: copy_put_pilot_photo
INSERT INTO pilot_photo (id, note_id, filename, mime, size, sha256,
    created_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_pilot_indicator
SELECT id, pilot_id, position, name, unit, before_value, before_date,
    after_value, after_date, dx_indicator
FROM pilot_indicator ORDER BY id;
-- name: copy_put_pilot_indicator
INSERT INTO pilot_indicator (id, pilot_id, position, name, unit,
    before_value, before_date, after_value, after_date, dx_indicator)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: copy_get_outbox
SELECT id, channel, key, target, payload, state, attempts, next_at,
    claimed_until, first_attempt_at, last_error, created_at, sent_at
FROM outbox ORDER BY id;
-- name: copy_put_outbox
INSERT INTO outbox (id, channel, key, target, payload, state, attempts,
    next_at, claimed_until, first_attempt_at, last_error, created_at,
    sent_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
