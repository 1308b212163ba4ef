-- Buyer accounts of the marketplace (docs/MARKET.md section 5, "Buyer
-- accounts"): the role 'buyer' joins the roles a binding may hold.  A
-- buyer registers itself with its phone as the username and is bound at
-- the country, with no power over any unit (ROLES_STAFF in auth.h).
-- SQLite cannot change a CHECK in place: the table is rebuilt (nothing
-- references user_role).

CREATE TABLE user_role_new (
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator',
        'province_officer', 'commune_officer', 'village_officer',
        'appraiser', 'ocop_evaluator', 'producer', 'buyer')),
    structure TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    PRIMARY KEY (user_id, role, structure, unit_code),
    FOREIGN KEY (structure, unit_code) REFERENCES unit (structure, code)
);
INSERT INTO user_role_new (user_id, role, structure, unit_code)
SELECT user_id, role, structure, unit_code FROM user_role;
DROP TABLE user_role;
ALTER TABLE user_role_new RENAME TO user_role;
CREATE INDEX user_role_by_unit ON user_role (structure, unit_code);
