-- TOKYO Smartphone Supporters (TOKYOスマホサポーター): trainees and certified supporters, the
-- course units they complete, other credentials beside the Tokyo certificate, and the
-- reminders the programme sends them.

-- The Tokyo course's units; admins keep the list (the programme changes).
CREATE TABLE course_units (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL DEFAULT 100,
    active      INTEGER NOT NULL DEFAULT 1
);
INSERT INTO course_units (name, sort_order) VALUES
    ('ユニット1 スマートフォンの基本操作', 1), ('ユニット2 文字入力', 2),
    ('ユニット3 インターネット検索', 3), ('ユニット4 カメラと写真', 4),
    ('ユニット5 LINE', 5), ('ユニット6 地図アプリ', 6),
    ('ユニット7 安全な使い方と詐欺対策', 7), ('ユニット8 行政のオンラインサービス', 8),
    ('ユニット9 キャッシュレス決済', 9), ('ユニット10 教え方・伝え方', 10),
    ('ユニット11 サポーターの心得', 11);

-- Numbers the programme may change: days without progress before a trainee is reminded,
-- and how many participants one supporter helps at a session.
CREATE TABLE programme_settings (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO programme_settings (name, value) VALUES
    ('supporter_stall_days', 30), ('participants_per_supporter', 4);

CREATE TABLE supporters (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    kana              TEXT NOT NULL,
    kana_compact      TEXT NOT NULL,
    kana_sort         TEXT NOT NULL,
    phone             TEXT,
    email             TEXT NOT NULL DEFAULT '',
    -- Eligibility: lives, works or studies in Tokyo, and confirmed to be 18 or older.
    basis             TEXT NOT NULL CHECK (basis IN ('lives', 'works', 'studies')),
    adult_confirmed   INTEGER NOT NULL DEFAULT 0,
    help_iphone       INTEGER NOT NULL DEFAULT 0,
    help_android      INTEGER NOT NULL DEFAULT 0,
    help_line         INTEGER NOT NULL DEFAULT 0,
    help_mynaportal   INTEGER NOT NULL DEFAULT 0,
    help_cashless     INTEGER NOT NULL DEFAULT 0,
    help_other        TEXT NOT NULL DEFAULT '',
    -- Weekdays available, Monday = 1, Tuesday = 2, … Sunday = 64.
    days              INTEGER NOT NULL DEFAULT 0,
    -- Times of day: morning = 1, afternoon = 2, evening = 4.
    times             INTEGER NOT NULL DEFAULT 0,
    district_id       INTEGER REFERENCES districts (id),
    partner_id        INTEGER REFERENCES partners (id),
    -- The same person's resident record and volunteer account, when they have them.
    resident_id       INTEGER REFERENCES residents (id),
    user_id           INTEGER UNIQUE REFERENCES users (id),
    stage             TEXT NOT NULL DEFAULT 'interested'
        CHECK (stage IN ('interested', 'enrolled', 'completed', 'certified', 'active', 'inactive')),
    -- The Japan-time day of the last step forward (enrolment, a unit, a stage).
    last_progress_on  TEXT NOT NULL,
    certificate_no    TEXT NOT NULL DEFAULT '',
    certified_on      TEXT,
    certificate_note  TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX supporters_stage ON supporters (stage, kana_sort);
CREATE INDEX supporters_certified ON supporters (certified_on);

CREATE TABLE supporter_units (
    supporter_id  INTEGER NOT NULL REFERENCES supporters (id),
    unit_id       INTEGER NOT NULL REFERENCES course_units (id),
    completed_on  TEXT NOT NULL,
    recorded_by   INTEGER REFERENCES users (id),
    PRIMARY KEY (supporter_id, unit_id)
);

-- Credentials beside the Tokyo certificate: the city's own trainings (養成講座) and the
-- Digital Agency's デジタル推進委員 badge, which has a term.
CREATE TABLE supporter_credentials (
    id            INTEGER PRIMARY KEY,
    supporter_id  INTEGER NOT NULL REFERENCES supporters (id),
    kind          TEXT NOT NULL CHECK (kind IN ('local_training', 'digital_promoter')),
    name          TEXT NOT NULL,
    earned_on     TEXT NOT NULL,
    expires_on    TEXT,
    note          TEXT NOT NULL DEFAULT '',
    recorded_by   INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX supporter_credentials_supporter ON supporter_credentials (supporter_id);
CREATE INDEX supporter_credentials_expiry ON supporter_credentials (expires_on);

-- Notices may now be for a supporter (reminders) rather than a resident and a session.
-- SQLite cannot drop NOT NULL, so the table is rebuilt with the same rows.
CREATE TABLE notices_new (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'letter')),
    resident_id      INTEGER REFERENCES residents (id),
    session_id       INTEGER REFERENCES sessions (id),
    registration_id  INTEGER REFERENCES registrations (id),
    supporter_id     INTEGER REFERENCES supporters (id),
    dedupe_key       TEXT NOT NULL UNIQUE,
    due_on           TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'done', 'withdrawn')),
    email_to         TEXT NOT NULL DEFAULT '',
    subject          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    claimed_until    INTEGER NOT NULL DEFAULT 0,
    claim_token      TEXT,
    last_error       TEXT,
    sent_at          INTEGER,
    outcome          TEXT,
    outcome_note     TEXT NOT NULL DEFAULT '',
    outcome_at       INTEGER,
    outcome_by       INTEGER REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    CHECK (resident_id IS NOT NULL OR supporter_id IS NOT NULL)
);
INSERT INTO notices_new (id, kind, channel, resident_id, session_id, registration_id,
        dedupe_key, due_on, status, email_to, subject, body, attempts, next_attempt_at,
        claimed_until, claim_token, last_error, sent_at, outcome, outcome_note, outcome_at,
        outcome_by, created_at)
    SELECT id, kind, channel, resident_id, session_id, registration_id, dedupe_key, due_on,
        status, email_to, subject, body, attempts, next_attempt_at, claimed_until, claim_token,
        last_error, sent_at, outcome, outcome_note, outcome_at, outcome_by, created_at
    FROM notices;
DROP TABLE notices;
ALTER TABLE notices_new RENAME TO notices;
CREATE INDEX notices_queue ON notices (channel, status, next_attempt_at);
CREATE INDEX notices_due ON notices (channel, due_on);
CREATE INDEX notices_resident ON notices (resident_id);
CREATE INDEX notices_session ON notices (session_id);
CREATE INDEX notices_supporter ON notices (supporter_id);
