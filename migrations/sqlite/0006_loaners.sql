-- Loaner phones (東京都 trial devices): each partner's inventory, and each loan during a
-- session with the checks after it (returned, reset).

CREATE TABLE loaner_devices (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    label       TEXT NOT NULL,
    os          TEXT NOT NULL CHECK (os IN ('iphone', 'android')),
    model       TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    UNIQUE (partner_id, label)
);

CREATE TABLE loans (
    id               INTEGER PRIMARY KEY,
    device_id        INTEGER NOT NULL REFERENCES loaner_devices (id),
    session_id       INTEGER NOT NULL REFERENCES sessions (id),
    registration_id  INTEGER NOT NULL REFERENCES registrations (id),
    lent_at          INTEGER NOT NULL,
    lent_by          INTEGER REFERENCES users (id),
    returned_at      INTEGER,
    returned_by      INTEGER REFERENCES users (id),
    -- Reset to factory settings after the session, so the next person finds no data.
    wiped_at         INTEGER,
    wiped_by         INTEGER REFERENCES users (id)
);
-- A device is out with one person at a time.
CREATE UNIQUE INDEX loans_one_out ON loans (device_id) WHERE returned_at IS NULL;
CREATE INDEX loans_session ON loans (session_id);
