-- Workflows and recognition dossiers.
--
-- wf_*: the state-machine engine every approval workflow shares (recognition
-- dossiers now; report approval and OCOP rounds later).  A procedure is a
-- versioned document (like a criteria set: a stored version never changes);
-- an instance keeps the version it started with, moves between its states
-- with a row version for optimistic concurrency, and every transition taken
-- is one wf_event (the timeline) beside its audit entry.
--
-- dossier*: the recognition module on top: a dossier is one instance for a
-- unit, criteria set, year and title, with the evaluation and satisfaction
-- result frozen at submission, attachments (bytes stored once per SHA-256
-- in attachment_blob, so every ntm server behind a load balancer sees
-- them and a backup holds them), per-criterion appraisals and comments, and
-- the council's votes.  Times are ISO 8601 UTC text, dates ISO dates.

CREATE TABLE wf_procedure (
    procedure_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    change_note TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    PRIMARY KEY (procedure_id, version)
);

CREATE TABLE wf_instance (
    id INTEGER PRIMARY KEY,
    procedure_id TEXT NOT NULL,
    procedure_version INTEGER NOT NULL,
    subject TEXT NOT NULL,
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    state TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    state_since TEXT NOT NULL,
    due_on TEXT,
    terminal INTEGER NOT NULL DEFAULT 0 CHECK (terminal IN (0, 1)),
    created_at TEXT NOT NULL,
    FOREIGN KEY (procedure_id, procedure_version)
        REFERENCES wf_procedure (procedure_id, version),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX wf_instance_due ON wf_instance (terminal, due_on);
CREATE INDEX wf_instance_unit ON wf_instance (structure, code);

CREATE TABLE wf_event (
    instance_id INTEGER NOT NULL REFERENCES wf_instance (id),
    seq INTEGER NOT NULL,
    transition TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES app_user (id),
    username TEXT,
    role TEXT,
    actor_structure TEXT,
    actor_unit_code TEXT,
    note TEXT,
    detail TEXT,
    PRIMARY KEY (instance_id, seq)
);

CREATE TABLE dossier (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('recognition', 'revocation')),
    instance_id INTEGER NOT NULL UNIQUE REFERENCES wf_instance (id),
    structure TEXT NOT NULL,
    code TEXT NOT NULL,
    set_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    title TEXT NOT NULL
        CHECK (title IN ('ntm', 'advanced', 'model', 'modern')),
    campaign_id INTEGER REFERENCES survey_campaign (id),
    snapshot TEXT,
    snapshot_version INTEGER,
    snapshot_at TEXT,
    satisfaction TEXT,
    justification TEXT,
    council_round INTEGER NOT NULL DEFAULT 0,
    decision_no TEXT,
    decision_date TEXT,
    decision_signer TEXT,
    revokes INTEGER REFERENCES dossier (id),
    is_open INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    FOREIGN KEY (structure, code) REFERENCES unit (structure, code)
);
CREATE INDEX dossier_by_unit ON dossier (structure, code, title, kind);
CREATE INDEX dossier_by_year ON dossier (year, kind, title);

CREATE TABLE attachment_blob (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE dossier_attachment (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_blob (sha256),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    removed_at TEXT,
    removed_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX dossier_attachment_by_dossier ON dossier_attachment (dossier_id);

CREATE TABLE dossier_criterion (
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    criterion_id TEXT NOT NULL,
    appraisal TEXT CHECK (appraisal IN ('confirmed', 'disputed')),
    appraisal_note TEXT,
    appraised_by INTEGER REFERENCES app_user (id),
    appraised_at TEXT,
    PRIMARY KEY (dossier_id, criterion_id)
);

CREATE TABLE dossier_comment (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    criterion_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'return_reason')),
    body TEXT NOT NULL,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES app_user (id),
    username TEXT
);
CREATE INDEX dossier_comment_by_dossier ON dossier_comment (dossier_id);

CREATE TABLE dossier_vote (
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    round INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    username TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('approve', 'reject', 'abstain')),
    opinion TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, round, user_id)
);

-- A title held: which title, the dossier that granted it (NULL for one
-- recorded outside the platform), and the decision that ended it.
ALTER TABLE unit_recognition ADD COLUMN title TEXT NOT NULL DEFAULT 'ntm';
ALTER TABLE unit_recognition ADD COLUMN decision_signer TEXT;
ALTER TABLE unit_recognition ADD COLUMN dossier_id INTEGER REFERENCES dossier (id);
ALTER TABLE unit_recognition ADD COLUMN revocation_no TEXT;
ALTER TABLE unit_recognition ADD COLUMN revocation_dossier_id INTEGER REFERENCES dossier (id);
