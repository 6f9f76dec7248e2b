-- Paper-fallback support (紙・窓口での支援): every request from a resident for paper or
-- in-person help with an online procedure, followed up and counted.

-- The online procedures people ask about; admins keep the list. "Other" is not a row: a
-- request names it in procedure_other instead.
CREATE TABLE procedures (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL DEFAULT 100,
    active      INTEGER NOT NULL DEFAULT 1
);

INSERT INTO procedures (name, sort_order) VALUES
    ('スマート申請（証明書の請求）', 10), ('LINE公式アカウントのサービス', 20),
    ('電子申請（各種申込み）', 30), ('マイナポータル', 40), ('オンライン決済', 50);

CREATE TABLE support_requests (
    id                     INTEGER PRIMARY KEY,
    -- The resident, when known; NULL for an anonymous request (then only age band and
    -- district are kept).
    resident_id            INTEGER REFERENCES residents (id),
    age_band               TEXT,
    district_id            INTEGER REFERENCES districts (id),
    -- The day of the request in Japan time, YYYY-MM-DD (months and fiscal years group on it).
    requested_on           TEXT NOT NULL,
    channel                TEXT NOT NULL CHECK (channel IN ('counter', 'phone', 'session', 'home')),
    procedure_id           INTEGER REFERENCES procedures (id),
    procedure_other        TEXT NOT NULL DEFAULT '',
    reason_no_device       INTEGER NOT NULL DEFAULT 0,
    reason_cannot_operate  INTEGER NOT NULL DEFAULT 0,
    reason_vision_hearing  INTEGER NOT NULL DEFAULT 0,
    reason_anxiety         INTEGER NOT NULL DEFAULT 0,
    reason_no_email        INTEGER NOT NULL DEFAULT 0,
    reason_other           TEXT NOT NULL DEFAULT '',
    provided_paper_handed  INTEGER NOT NULL DEFAULT 0,
    provided_paper_mailed  INTEGER NOT NULL DEFAULT 0,
    provided_proxy_entry   INTEGER NOT NULL DEFAULT 0,
    provided_accompanied   INTEGER NOT NULL DEFAULT 0,
    provided_workshop      INTEGER NOT NULL DEFAULT 0,
    status                 TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_progress', 'resolved', 'referred')),
    follow_up_on           TEXT,
    staff_id               INTEGER NOT NULL REFERENCES users (id),
    minutes                INTEGER NOT NULL DEFAULT 0,
    notes                  TEXT NOT NULL DEFAULT '',
    -- The workshop booking made when the request was referred.
    registration_id        INTEGER REFERENCES registrations (id),
    -- Makes a repeated post of the same form one request.
    form_key               TEXT UNIQUE,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    CHECK (procedure_id IS NOT NULL OR procedure_other <> '')
);
CREATE INDEX support_requests_resident ON support_requests (resident_id);
CREATE INDEX support_requests_day ON support_requests (requested_on);
CREATE INDEX support_requests_follow_up ON support_requests (follow_up_on) WHERE status IN ('open', 'in_progress');
