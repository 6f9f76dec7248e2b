-- Seat requests from the public pages (issue 17): a resident or someone for them asks for a
-- place on a session without a sign-in. The request holds a place (a seat while any is
-- left, else a waitlist number) as pending until staff confirm it by phone; unconfirmed, it
-- lapses. The contact details are kept only while the request is pending: closing it
-- (confirmed, declined, lapsed, cancelled) clears them, and a confirmed request's person
-- lives on as a resident's record.
CREATE TABLE seat_requests (
    id INTEGER PRIMARY KEY,
    -- Eight digits the requester is given, with the phone's last four digits their key to
    -- the request's status.
    reference TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'lapsed', 'cancelled')),
    -- The place held while pending: 1 a seat (counted in sessions.seats_taken), 0 a
    -- waitlist number (from sessions.waitlist_next; not counted in waitlist_count until
    -- confirmed).
    holds_seat INTEGER NOT NULL,
    waitlist_position INTEGER,
    name TEXT NOT NULL,
    kana TEXT NOT NULL,
    phone TEXT NOT NULL,
    phone_last4 TEXT NOT NULL,
    filled_by TEXT NOT NULL CHECK (filled_by IN ('self', 'family', 'other')),
    email TEXT NOT NULL DEFAULT '',
    need_hearing INTEGER NOT NULL DEFAULT 0,
    need_vision INTEGER NOT NULL DEFAULT 0,
    need_mobility INTEGER NOT NULL DEFAULT 0,
    need_companion INTEGER NOT NULL DEFAULT 0,
    consent_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    lapses_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    closed_at INTEGER,
    closed_by INTEGER REFERENCES users(id),
    resident_id INTEGER REFERENCES residents(id),
    registration_id INTEGER REFERENCES registrations(id),
    -- The requester's view of the request after they gave the reference and digits (or
    -- sent it): the SHA-256 of the token in their cookie, and until when it holds.
    access_hash TEXT,
    access_until INTEGER,
    -- The form's random key: the same form sent twice is the same request.
    form_key TEXT UNIQUE
);
CREATE INDEX seat_requests_open ON seat_requests (status, created_at);
CREATE INDEX seat_requests_phone ON seat_requests (phone, status);
CREATE INDEX seat_requests_access ON seat_requests (access_hash);

-- The public forms' rate limits, held in the database so they hold across instances: one
-- counter per bucket (what, and from whom as a keyed hash of the address or number) for a
-- window that starts at its first attempt; an upsert counts atomically on both backends.
-- Rows whose window began over a day ago are removed as new ones come.
CREATE TABLE public_attempts (
    bucket TEXT PRIMARY KEY,
    since INTEGER NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX public_attempts_since ON public_attempts (since);

-- Secrets the server makes for itself on first use (the key of the limits' hashes).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Readings (ふりがな) staff may give a session's title and a venue's name, shown over them
-- on the public pages when a visitor turns readings on.
ALTER TABLE sessions ADD COLUMN title_reading TEXT NOT NULL DEFAULT '';
ALTER TABLE venues ADD COLUMN name_reading TEXT NOT NULL DEFAULT '';
