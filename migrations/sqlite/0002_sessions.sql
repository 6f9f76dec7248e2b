-- Workshop scheduling: topics, venue accessibility, sessions (体験会) with co-hosts and
-- topics, weekly/monthly series, and secret calendar-feed tokens per user.
-- Instants are Unix seconds (UTC); local_date (YYYY-MM-DD, Japan time) and fiscal_year are
-- stored when a session is saved so lists and reports filter on plain columns.

ALTER TABLE venues ADD COLUMN elevator INTEGER NOT NULL DEFAULT 0;
ALTER TABLE venues ADD COLUMN step_free INTEGER NOT NULL DEFAULT 0;
ALTER TABLE venues ADD COLUMN hearing_loop INTEGER NOT NULL DEFAULT 0;
ALTER TABLE venues ADD COLUMN parking INTEGER NOT NULL DEFAULT 0;
ALTER TABLE venues ADD COLUMN access_notes TEXT NOT NULL DEFAULT '';

-- What a session teaches; admins manage the list.
CREATE TABLE topics (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1
);

INSERT INTO topics (name, sort_order) VALUES
    ('基本操作', 1), ('電話・カメラ', 2), ('LINE', 3), ('地図・乗換案内', 4),
    ('キャッシュレス決済', 5), ('マイナンバーカード・マイナポータル', 6), ('防災アプリ', 7),
    ('スマート申請', 8);

-- Sessions created together as a weekly or monthly series.
CREATE TABLE session_series (
    id          INTEGER PRIMARY KEY,
    frequency   TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
    created_at  INTEGER NOT NULL
);

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    -- Stable iCalendar UID; imported sessions keep the UID of their source.
    uid              TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    level            TEXT NOT NULL CHECK (level IN ('first', 'beginner', 'intermediate')),
    host_partner_id  INTEGER NOT NULL REFERENCES partners (id),
    venue_id         INTEGER NOT NULL REFERENCES venues (id),
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    local_date       TEXT NOT NULL,
    fiscal_year      INTEGER NOT NULL,
    capacity         INTEGER NOT NULL CHECK (capacity >= 0),
    walkin_seats     INTEGER NOT NULL DEFAULT 0 CHECK (walkin_seats >= 0),
    -- Seats taken by confirmed registrations (the registrations feature keeps it).
    seats_taken      INTEGER NOT NULL DEFAULT 0,
    waitlist_count   INTEGER NOT NULL DEFAULT 0,
    loaner_iphone    INTEGER NOT NULL DEFAULT 0,
    loaner_android   INTEGER NOT NULL DEFAULT 0,
    what_to_bring    TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    volunteer_notes  TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'cancelled', 'held')),
    cancel_reason    TEXT,
    cancelled_at     INTEGER,
    series_id        INTEGER REFERENCES session_series (id),
    -- iCalendar SEQUENCE: increased on every change.
    sequence         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_starts ON sessions (starts_at);
CREATE INDEX sessions_venue ON sessions (venue_id, starts_at);
CREATE INDEX sessions_host ON sessions (host_partner_id, starts_at);
CREATE INDEX sessions_fiscal_year ON sessions (fiscal_year);
CREATE INDEX sessions_series ON sessions (series_id, starts_at);

CREATE TABLE session_cohosts (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    PRIMARY KEY (session_id, partner_id)
);

CREATE TABLE session_topics (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    topic_id    INTEGER NOT NULL REFERENCES topics (id),
    PRIMARY KEY (session_id, topic_id)
);

-- The secret of each user's private calendar feed (reset by the user).
CREATE TABLE calendar_tokens (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token       TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
