-- Foundation schema: reference data (districts, partners, venues), users and their sign-in
-- sessions, login throttling, the first-run setup link, and the audit log.
-- Instants are stored as Unix seconds (UTC) in INTEGER columns; booleans as 0/1. The
-- PostgreSQL migration of the same number has the same tables in its dialect.

-- Higashiyamato's town areas (町名), in the order the city lists them.
CREATE TABLE districts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kana        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL
);

INSERT INTO districts (name, kana, sort_order) VALUES
    ('芋窪', 'いもくぼ', 1), ('蔵敷', 'ぞうしき', 2), ('奈良橋', 'ならはし', 3),
    ('湖畔', 'こはん', 4), ('高木', 'たかぎ', 5), ('狭山', 'さやま', 6),
    ('清水', 'しみず', 7), ('内堀', 'うちぼり', 8), ('立野', 'たての', 9),
    ('上北台', 'かみきただい', 10), ('桜が丘', 'さくらがおか', 11), ('清原', 'きよはら', 12),
    ('仲原', 'なかはら', 13), ('中央', 'ちゅうおう', 14), ('南街', 'なんがい', 15),
    ('新堀', 'しんぼり', 16), ('向原', 'むかいはら', 17);

-- Hosts of sessions (主催): the Tokyo Metropolitan Government, local groups, the city.
CREATE TABLE partners (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('tokyo', 'community', 'city')),
    contact_name   TEXT,
    contact_phone  TEXT,
    notes          TEXT,
    created_at     INTEGER NOT NULL
);

-- Where sessions are held (会場).
CREATE TABLE venues (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    district_id  INTEGER REFERENCES districts (id),
    address      TEXT NOT NULL,
    capacity     INTEGER,
    created_at   INTEGER NOT NULL
);

-- People who sign in. A coordinator always belongs to one partner.
CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    login                 TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    role                  TEXT NOT NULL
        CHECK (role IN ('admin', 'staff', 'coordinator', 'volunteer', 'reviewer')),
    partner_id            INTEGER REFERENCES partners (id),
    password_hash         TEXT NOT NULL,
    must_change_password  INTEGER NOT NULL DEFAULT 0,
    disabled              INTEGER NOT NULL DEFAULT 0,
    locale                TEXT,
    created_at            INTEGER NOT NULL,
    CHECK (role <> 'coordinator' OR partner_id IS NOT NULL)
);

-- Signed-in sessions: only the SHA-256 of the cookie token is stored, so a copy of the
-- database does not let anyone sign in. Idle sessions expire (see auth::SESSION_IDLE).
CREATE TABLE user_sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);

-- Failed sign-ins per login name (whether or not that login exists), and the locks they
-- cause. Kept in the database so every instance sees the same counts.
CREATE TABLE login_failures (
    id     INTEGER PRIMARY KEY,
    login  TEXT NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX login_failures_login_at ON login_failures (login, at);

CREATE TABLE login_locks (
    login         TEXT PRIMARY KEY,
    locked_until  INTEGER NOT NULL
);

-- One-time links that create the first admin on a new installation.
CREATE TABLE setup_tokens (
    token_hash  TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    used_at     INTEGER
);

-- Who read or changed which personal record, and when. user_login is copied so the entry
-- stays readable if the user is later removed.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    user_id      INTEGER REFERENCES users (id),
    user_login   TEXT,
    action       TEXT NOT NULL,
    record_type  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    detail       TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
