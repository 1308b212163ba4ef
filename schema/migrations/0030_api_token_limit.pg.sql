-- What an API token for exchange may do beyond its user's bindings
-- (issue 20, docs/EXCHANGE.md section 2): read only (every write refused
-- 403 auth.token_read_only), and/or only inside one unit (the user's
-- bindings narrowed to it).  A token without a row here is unlimited.
-- A table of its own so that `ntm copy` adds one table instead of
-- changing api_token's.
CREATE TABLE api_token_limit (
    token_id BIGINT PRIMARY KEY REFERENCES api_token (id),
    read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    unit_structure TEXT COLLATE "C",
    unit_code TEXT COLLATE "C",
    CHECK ((unit_structure IS NULL) = (unit_code IS NULL)),
    FOREIGN KEY (unit_structure, unit_code) REFERENCES unit (structure, code)
);
