-- Statements of the db layer itself (migrations).

-- name: schema_version_max
SELECT COALESCE(MAX(version), 0) FROM schema_version;

-- name: schema_version_has
SELECT 1 FROM schema_version WHERE version = ?;

-- applied_at is bound by the caller (YYYY-MM-DD HH:MM:SS, UTC): the
-- CURRENT_TIMESTAMP of the two databases differs in type and text form.
-- name: schema_version_add
INSERT INTO schema_version (version, name, applied_at)
VALUES (?, ?, ?);

-- name: db_ping
SELECT 1;

-- name: meta_get
SELECT meta_value FROM meta WHERE meta_key = ?;

-- name: meta_set
INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)
ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value;

