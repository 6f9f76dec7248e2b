-- The report written after a session: topics actually covered with how many could do it by
-- themselves, satisfaction tallied from the questionnaires, helpers' time, notes and
-- incidents. Finalising locks the attendance; an admin may reopen it.

CREATE TABLE session_reports (
    session_id    INTEGER PRIMARY KEY REFERENCES sessions (id),
    -- How many answered 1 (not satisfied) … 5 (very satisfied).
    satisfied_1   INTEGER NOT NULL DEFAULT 0,
    satisfied_2   INTEGER NOT NULL DEFAULT 0,
    satisfied_3   INTEGER NOT NULL DEFAULT 0,
    satisfied_4   INTEGER NOT NULL DEFAULT 0,
    satisfied_5   INTEGER NOT NULL DEFAULT 0,
    notes         TEXT NOT NULL DEFAULT '',
    incidents     TEXT NOT NULL DEFAULT '',
    finalised_at  INTEGER,
    finalised_by  INTEGER REFERENCES users (id),
    updated_at    INTEGER NOT NULL,
    updated_by    INTEGER REFERENCES users (id)
);

CREATE TABLE report_topics (
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    topic_id    INTEGER NOT NULL REFERENCES topics (id),
    -- How many said they could now do it by themselves.
    could_do    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, topic_id)
);

CREATE TABLE helper_hours (
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
