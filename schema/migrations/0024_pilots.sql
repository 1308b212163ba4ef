-- Pilot models of smart villages and smart communes (src/domain/pilots/,
-- docs/DIGITAL.md section 6): where (a commune or village of the 2025
-- structure), what was deployed, cost and funding source, dates, who is
-- responsible, the lessons learned (searched through search_key, the
-- folded text of the title, place and lessons); periodic progress notes
-- with photos (bytes in attachment_blob like dossier files) and the
-- indicators measured before and after.  Portable SQL (SQLite); the
-- PostgreSQL twin differs in identity ids and collations.
CREATE TABLE pilot (
    id INTEGER PRIMARY KEY,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('smart_village', 'smart_commune')),
    status TEXT NOT NULL
        CHECK (status IN ('planned', 'running', 'finished', 'stopped')),
    title TEXT NOT NULL,
    deployed TEXT NOT NULL,
    cost_vnd INTEGER NOT NULL CHECK (cost_vnd >= 0),
    funding TEXT NOT NULL,
    start_date TEXT NOT NULL,
    review_date TEXT NOT NULL,
    resp_unit TEXT NOT NULL,
    resp_person TEXT NOT NULL,
    worked TEXT NOT NULL DEFAULT '',
    not_worked TEXT NOT NULL DEFAULT '',
    advice TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    updated_at TEXT NOT NULL,
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX pilot_by_province ON pilot (province_code, kind, status);

CREATE TABLE pilot_note (
    id INTEGER PRIMARY KEY,
    pilot_id INTEGER NOT NULL REFERENCES pilot (id),
    note_date TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX pilot_note_by_pilot ON pilot_note (pilot_id, note_date);

-- A note's photos: JPEG or PNG by their content (libmagic).
CREATE TABLE pilot_photo (
    id INTEGER PRIMARY KEY,
    note_id INTEGER NOT NULL REFERENCES pilot_note (id),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_blob (sha256),
    created_at TEXT NOT NULL
);
CREATE INDEX pilot_photo_by_note ON pilot_photo (note_id);

-- An indicator before and after (values: decimal text, "%.15g";
-- dx_indicator: the readiness set's indicator it was picked from, NULL
-- for one named by hand).
CREATE TABLE pilot_indicator (
    id INTEGER PRIMARY KEY,
    pilot_id INTEGER NOT NULL REFERENCES pilot (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    before_value TEXT NOT NULL,
    before_date TEXT NOT NULL,
    after_value TEXT,
    after_date TEXT,
    dx_indicator TEXT,
    UNIQUE (pilot_id, position)
);
