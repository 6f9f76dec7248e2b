-- Phone intake: residents, their registrations on sessions (confirmed or waitlisted), and
-- the notices owed to them (email through the outbox, calls on the call list, letters).

CREATE TABLE residents (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    -- Canonical hiragana with single spaces (domain::Kana), and without spaces for search.
    kana             TEXT NOT NULL,
    kana_compact     TEXT NOT NULL,
    -- Sorts in 五十音 order (Kana::sort_key).
    kana_sort        TEXT NOT NULL,
    -- Digits only (domain::PhoneNumber).
    phone            TEXT,
    phone_alt        TEXT,
    birth_year       INTEGER,
    district_id      INTEGER REFERENCES districts (id),
    -- Only when the resident wants letters.
    postal_code      TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    -- Whose address it is: 'self' or 'family'.
    email_owner      TEXT NOT NULL DEFAULT 'self' CHECK (email_owner IN ('self', 'family')),
    contact_pref     TEXT NOT NULL DEFAULT 'phone' CHECK (contact_pref IN ('phone', 'letter', 'email')),
    smartphone       TEXT NOT NULL DEFAULT 'none'
        CHECK (smartphone IN ('none', 'feature', 'iphone', 'android', 'tablet')),
    need_hearing     INTEGER NOT NULL DEFAULT 0,
    need_vision      INTEGER NOT NULL DEFAULT 0,
    need_mobility    INTEGER NOT NULL DEFAULT 0,
    need_companion   INTEGER NOT NULL DEFAULT 0,
    -- Consent to keep the data: when, and which staff member recorded it.
    consent_at       INTEGER,
    consent_by       INTEGER REFERENCES users (id),
    notes            TEXT NOT NULL DEFAULT '',
    -- Health and disability notes: staff and admins only.
    sensitive_notes  TEXT NOT NULL DEFAULT '',
    -- Set when this record was merged into another; it then only forwards.
    merged_into      INTEGER REFERENCES residents (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX residents_kana ON residents (kana_compact);
CREATE INDEX residents_phone ON residents (phone);
CREATE INDEX residents_phone_alt ON residents (phone_alt);

-- Waitlist positions are handed out under the session's row lock, so they follow arrival.
ALTER TABLE sessions ADD COLUMN waitlist_next INTEGER NOT NULL DEFAULT 0;

CREATE TABLE registrations (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES sessions (id),
    resident_id       INTEGER NOT NULL REFERENCES residents (id),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')),
    waitlist_position INTEGER,
    -- A double click or a retried post carries the same key and makes one registration.
    idempotency_key   TEXT NOT NULL UNIQUE,
    booked_by         INTEGER REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    confirmed_at      INTEGER,
    cancelled_at      INTEGER,
    cancelled_by      INTEGER REFERENCES users (id),
    cancel_reason     TEXT
);
-- One live registration per resident per session.
CREATE UNIQUE INDEX registrations_one_live
    ON registrations (session_id, resident_id) WHERE status <> 'cancelled';
CREATE INDEX registrations_resident ON registrations (resident_id);
CREATE INDEX registrations_waitlist ON registrations (session_id, status, waitlist_position);

CREATE TABLE notices (
    id               INTEGER PRIMARY KEY,
    -- confirmation, reminder, promotion, session_cancelled
    kind             TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'letter')),
    resident_id      INTEGER NOT NULL REFERENCES residents (id),
    session_id       INTEGER NOT NULL REFERENCES sessions (id),
    registration_id  INTEGER REFERENCES registrations (id),
    -- Makes a notice once only, e.g. 'reminder:<registration id>'.
    dedupe_key       TEXT NOT NULL UNIQUE,
    -- The Japan-time day it belongs on the call list.
    due_on           TEXT NOT NULL,
    -- pending → sent (email), done (call or letter), or withdrawn.
    status           TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'done', 'withdrawn')),
    email_to         TEXT NOT NULL DEFAULT '',
    subject          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    -- A worker's claim: while claimed_until is in the future no other worker sends it.
    claimed_until    INTEGER NOT NULL DEFAULT 0,
    claim_token      TEXT,
    last_error       TEXT,
    sent_at          INTEGER,
    -- Calls: reached, no_answer, message_left, resident_cancelled.
    outcome          TEXT,
    outcome_note     TEXT NOT NULL DEFAULT '',
    outcome_at       INTEGER,
    outcome_by       INTEGER REFERENCES users (id),
    created_at       INTEGER NOT NULL
);
CREATE INDEX notices_queue ON notices (channel, status, next_attempt_at);
CREATE INDEX notices_due ON notices (channel, due_on);
CREATE INDEX notices_resident ON notices (resident_id);
CREATE INDEX notices_session ON notices (session_id);
