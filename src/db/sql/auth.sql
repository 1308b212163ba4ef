-- Accounts, sessions, tokens, throttling (domain/auth).

-- name: auth_user_by_name
SELECT id, username, full_name, password_hash, disabled FROM app_user
WHERE username = ?;

-- name: auth_user_by_id
SELECT id, username, full_name, password_hash, disabled, created_at FROM app_user
WHERE id = ?;

-- name: auth_user_insert
INSERT INTO app_user (username, full_name, password_hash, created_at, created_by)
VALUES (?, ?, ?, ?, ?)
RETURNING id;

-- name: auth_user_id_by_name
SELECT id FROM app_user WHERE username = ?;

-- name: auth_user_set_password
UPDATE app_user SET password_hash = ? WHERE id = ?;

-- name: auth_user_set_disabled
UPDATE app_user SET disabled = ? WHERE id = ?;

-- name: auth_user_all
SELECT id FROM app_user ORDER BY username;

-- name: auth_roles_of
SELECT role, structure, unit_code FROM user_role WHERE user_id = ?
ORDER BY role, structure, unit_code;

-- name: auth_role_insert
INSERT INTO user_role (user_id, role, structure, unit_code) VALUES (?, ?, ?, ?);

-- name: auth_role_exists
SELECT 1 FROM user_role WHERE user_id = ? AND role = ? AND structure = ?
  AND unit_code = ?;

-- name: auth_session_insert
INSERT INTO user_session (id_hash, user_id, csrf_token, created_at, last_seen, expires_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: auth_session_get
SELECT s.user_id, s.csrf_token, s.last_seen, s.expires_at, u.disabled
FROM user_session s JOIN app_user u ON u.id = s.user_id
WHERE s.id_hash = ?;

-- name: auth_session_touch
UPDATE user_session SET last_seen = ? WHERE id_hash = ?;

-- name: auth_session_delete
DELETE FROM user_session WHERE id_hash = ?;

-- name: auth_session_delete_user
DELETE FROM user_session WHERE user_id = ?;

-- name: auth_session_delete_others
DELETE FROM user_session WHERE user_id = ? AND id_hash <> ?;

-- name: auth_session_purge
DELETE FROM user_session WHERE expires_at < ? OR last_seen < ?;

-- name: auth_token_insert
INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)
RETURNING id;

-- name: auth_token_by_hash
SELECT t.id, t.user_id, t.revoked_at, u.disabled, t.last_used_at,
    COALESCE(l.read_only, 0), l.unit_structure, l.unit_code
FROM api_token t JOIN app_user u ON u.id = t.user_id
LEFT JOIN api_token_limit l ON l.token_id = t.id
WHERE t.token_hash = ?;

-- name: auth_token_touch
UPDATE api_token SET last_used_at = ? WHERE id = ?;

-- name: auth_token_owner
SELECT user_id, revoked_at FROM api_token WHERE id = ?;

-- name: auth_token_revoke
UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL;

-- name: auth_token_list
SELECT t.id, t.name, t.created_at, t.last_used_at, t.revoked_at,
    COALESCE(l.read_only, 0), l.unit_structure, l.unit_code
FROM api_token t LEFT JOIN api_token_limit l ON l.token_id = t.id
WHERE t.user_id = ? ORDER BY t.id;

-- name: auth_failure_add
INSERT INTO login_failure (username, at) VALUES (?, ?);

-- name: auth_failure_count
SELECT COUNT(*) FROM login_failure WHERE username = ? AND at > ?;

-- name: auth_failure_clear
DELETE FROM login_failure WHERE username = ?;

-- name: auth_failure_purge
DELETE FROM login_failure WHERE at < ?;

-- name: auth_unit_parent
SELECT parent_code FROM unit WHERE structure = ? AND code = ?;

-- name: auth_unit_lineage_out
SELECT new_structure, new_code FROM unit_lineage
WHERE old_structure = ? AND old_code = ?;

-- name: auth_unit_lineage_in
SELECT old_structure, old_code FROM unit_lineage
WHERE new_structure = ? AND new_code = ?;

-- name: auth_token_limit_insert
INSERT INTO api_token_limit (token_id, read_only, unit_structure, unit_code)
VALUES (?, ?, ?, ?);
