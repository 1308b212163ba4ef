-- PostgreSQL twin of 0020_market_buyers.sql: the CHECK is replaced in
-- place.
-- Buyer accounts of the marketplace (docs/MARKET.md section 5, "Buyer
-- accounts"): the role 'buyer' joins the roles a binding may hold.

ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_role_check CHECK (role IN
    ('admin', 'coordinator', 'province_officer', 'commune_officer',
    'village_officer', 'appraiser', 'ocop_evaluator', 'producer', 'buyer'));
