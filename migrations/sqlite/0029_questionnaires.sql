-- Per-person questionnaires (アンケート): one row per returned paper sheet, entered by whoever
-- runs the session report, or per answer given on the participant's own phone. A sheet
-- with the participant's number belongs to their attendance (one answer per attendance); a
-- blank sheet for a walk-in is anonymous. When a session has answers, its report's
-- satisfaction and "could do it by myself" tallies are computed from them.
CREATE TABLE questionnaire_answers (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES sessions (id),
    registration_id  INTEGER UNIQUE REFERENCES registrations (id),
    via              TEXT NOT NULL CHECK (via IN ('paper', 'phone')),
    -- 1 (not satisfied) … 5 (very satisfied); NULL when left blank.
    satisfaction     INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    -- 1 yes, 0 no, NULL left blank.
    next_level       INTEGER,
    wants_to_help    INTEGER,
    -- 1 when the participant agreed to be contacted about helping.
    contact_ok       INTEGER NOT NULL DEFAULT 0,
    comment          TEXT NOT NULL DEFAULT '',
    entered_by       INTEGER REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    -- What the figures group it by, recorded when it is saved (as attendance records its
    -- own), so later changes to the person or the session move no count: the session's
    -- fiscal year and month (1 = April), the age band and district recorded with the
    -- attendance, and whether that fiscal year was the person's first (reach_people).
    fiscal_year      INTEGER,
    month            INTEGER,
    age_band         TEXT,
    district_id      INTEGER REFERENCES districts (id),
    first_time       INTEGER
);
CREATE INDEX questionnaire_answers_session ON questionnaire_answers (session_id);

-- For each topic the sheet asked about: 'self' (could do it by myself), 'helped' (with
-- help) or 'not_yet'.
CREATE TABLE questionnaire_topics (
    answer_id  INTEGER NOT NULL REFERENCES questionnaire_answers (id),
    topic_id   INTEGER NOT NULL REFERENCES topics (id),
    level      TEXT NOT NULL CHECK (level IN ('self', 'helped', 'not_yet')),
    PRIMARY KEY (answer_id, topic_id)
);

-- "Would like the next level": the people to invite when a session of that level is
-- scheduled, each invited once. A corrected answer takes back a wish not yet invited.
CREATE TABLE next_level_wishes (
    resident_id         INTEGER NOT NULL REFERENCES residents (id),
    level               TEXT NOT NULL CHECK (level IN ('first', 'beginner', 'intermediate')),
    -- The session whose questionnaire asked for it.
    from_session_id     INTEGER NOT NULL REFERENCES sessions (id),
    created_at          INTEGER NOT NULL,
    invited_session_id  INTEGER REFERENCES sessions (id),
    invited_at          INTEGER,
    PRIMARY KEY (resident_id, level)
);

-- Where an "interested" supporter came from, and when they agreed to be contacted.
ALTER TABLE supporters ADD COLUMN came_from TEXT NOT NULL DEFAULT 'staff'
    CHECK (came_from IN ('staff', 'questionnaire', 'support_request', 'intake'));
ALTER TABLE supporters ADD COLUMN contact_consent_at INTEGER;

-- A course unit a trainee ticked as done on their own record, waiting for staff to confirm
-- it (confirming records it in supporter_units and removes the tick).
CREATE TABLE supporter_unit_claims (
    supporter_id  INTEGER NOT NULL REFERENCES supporters (id),
    unit_id       INTEGER NOT NULL REFERENCES course_units (id),
    claimed_on    TEXT NOT NULL,
    PRIMARY KEY (supporter_id, unit_id)
);

-- The questionnaires' figures, kept with every change to a session's answers
-- (questionnaires::store::rollup_session) so the reach report reads a few rows: per fiscal
-- year and month of the session (1 = April) and per group, which is an age band (its
-- code), a district (its id), 'first' or 'repeat' time in the fiscal year, or a topic (its
-- id); '' when not known (an unnumbered sheet). Counts only.
CREATE TABLE questionnaire_rollup (
    fiscal_year  INTEGER NOT NULL,
    month        INTEGER NOT NULL,
    dimension    TEXT NOT NULL CHECK (dimension IN ('band', 'district', 'first', 'topic')),
    group_key    TEXT NOT NULL,
    sheets       INTEGER NOT NULL DEFAULT 0,
    rated        INTEGER NOT NULL DEFAULT 0,
    satisfied    INTEGER NOT NULL DEFAULT 0,
    asked        INTEGER NOT NULL DEFAULT 0,
    could        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (fiscal_year, month, dimension, group_key)
);
