-- Planning and progress reporting: form versions (src/domain/reporting/
-- rep_store.c, through domain/docstore).

-- name: rep_form_insert
INSERT INTO rep_form (form_id, version, document, sha256, change_note,
    created_at, created_by, title, period_type)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Versions of one form, newest first.
-- name: rep_form_versions
SELECT version, sha256, change_note, created_at
FROM rep_form WHERE form_id = ? ORDER BY version DESC;

-- name: rep_form_document
SELECT document, sha256 FROM rep_form WHERE form_id = ? AND version = ?;

-- The newest version of every form: id, version, created_at, versions.
-- name: rep_form_newest
SELECT f.form_id, f.version, f.created_at,
    (SELECT COUNT(*) FROM rep_form v WHERE v.form_id = f.form_id)
FROM rep_form f
WHERE f.version = (SELECT MAX(m.version) FROM rep_form m
        WHERE m.form_id = f.form_id)
ORDER BY f.form_id;

-- ---- reports and their values (rep_report.c) ----

-- name: rep_report_find
SELECT id, form_version, state, row_version, updated_at FROM rep_report
WHERE form_id = ? AND structure = ? AND code = ? AND period = ?;

-- name: rep_report_insert
INSERT INTO rep_report (form_id, form_version, structure, code, period,
    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- name: rep_report_touch
UPDATE rep_report SET updated_at = ? WHERE id = ?;

-- name: rep_values_of
SELECT slot, value, automatic FROM rep_value WHERE report_id = ?;

-- name: rep_value_upsert
INSERT INTO rep_value (report_id, slot, value, automatic, updated_at)
VALUES (?, ?, ?, 0, ?)
ON CONFLICT (report_id, slot) DO UPDATE SET value = excluded.value,
    automatic = 0, updated_at = excluded.updated_at;

-- name: rep_value_delete
DELETE FROM rep_value WHERE report_id = ? AND slot = ?;

-- name: rep_value_history_add
INSERT INTO rep_value_history (report_id, slot, old_value, new_value,
    changed_at, user_id, role, role_structure, role_code, report_state)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The history of one report, oldest first.
-- name: rep_value_history_of
SELECT h.slot, h.old_value, h.new_value, h.changed_at, u.username, h.role,
    h.report_state
FROM rep_value_history h LEFT JOIN app_user u ON u.id = h.user_id
WHERE h.report_id = ? ORDER BY h.id;

-- Every report of a form and period (a rebuild of its aggregates).
-- name: rep_reports_of_period
SELECT id, form_version, structure, code FROM rep_report
WHERE form_id = ? AND period = ? ORDER BY id;

-- ---- maintained aggregates (migration 0012) ----

-- Add a contribution (or take one back: negative num, den and n).
-- name: rep_agg_add
INSERT INTO rep_aggregate (form_id, structure, code, period, slot, num, den, n)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (form_id, structure, code, period, slot) DO UPDATE SET
    num = rep_aggregate.num + excluded.num,
    den = rep_aggregate.den + excluded.den,
    n = rep_aggregate.n + excluded.n;

-- One unit's aggregate of a period: one indexed read.
-- name: rep_agg_of
SELECT slot, num, den, n FROM rep_aggregate
WHERE form_id = ? AND structure = ? AND code = ? AND period = ?;

-- name: rep_agg_clear
DELETE FROM rep_aggregate WHERE form_id = ? AND period = ?;

-- Every row of a form and period (the rebuild test compares them).
-- name: rep_agg_all
SELECT structure, code, slot, num, den, n FROM rep_aggregate
WHERE form_id = ? AND period = ? ORDER BY structure, code, slot;
