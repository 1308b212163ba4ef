-- Accounts: users, their role bindings (a role at an administrative unit;
-- the scope is the unit's subtree), sessions, API tokens, and the login
-- failures that drive throttling.  Sessions and throttling live here, not
-- in a server process, so any number of servers share them.
-- Secrets are never stored: passwords as argon2id strings, session ids
-- and API tokens as SHA-256 hashes.

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id)
);

CREATE TABLE user_role (
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator',
        'province_officer', 'commune_officer', 'village_officer',
        'appraiser', 'ocop_evaluator', 'producer')),
    structure TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    PRIMARY KEY (user_id, role, structure, unit_code),
    FOREIGN KEY (structure, unit_code) REFERENCES unit (structure, code)
);
CREATE INDEX user_role_by_unit ON user_role (structure, unit_code);

-- Times are Unix seconds (UTC).
CREATE TABLE user_session (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX user_session_by_user ON user_session (user_id);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_token_by_user ON api_token (user_id);

CREATE TABLE login_failure (
    username TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failure_by_user ON login_failure (username, at);
