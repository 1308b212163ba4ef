-- Notices (issue 20, src/domain/notices/, docs/NOTIFICATIONS.md): what a
-- person's home inbox asks of them, remembered so that the same thing is
-- never noticed twice (UNIQUE (user_id, nkey): the entry's kind, link and
-- "late"), resolved when it leaves the inbox; each user's e-mail address,
-- how they want mail (one a notice, a daily digest, none), the language
-- of their mail and the newest notice they have seen on the home page;
-- and where the sweep over the users stopped (resumable batches).
CREATE TABLE user_notify (
    user_id INTEGER PRIMARY KEY REFERENCES app_user (id),
    email TEXT,
    pref TEXT NOT NULL DEFAULT 'digest'
        CHECK (pref IN ('immediate', 'digest', 'none')),
    lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
    seen_id INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE notice (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    nkey TEXT NOT NULL,
    kind TEXT NOT NULL,
    href TEXT NOT NULL,
    title TEXT NOT NULL,
    label TEXT NOT NULL,
    detail TEXT,
    urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    found_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (user_id, nkey)
);
CREATE INDEX notice_by_user ON notice (user_id, id);
CREATE INDEX notice_by_day ON notice (user_id, found_on);

CREATE TABLE notice_sweep (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_user INTEGER NOT NULL,
    swept_at TEXT NOT NULL
);
