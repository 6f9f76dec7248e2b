-- The report written after a session: topics actually covered with how many could do it by
-- themselves, satisfaction tallied from the questionnaires, helpers' time, notes and
-- incidents. Finalising locks the attendance; an admin may reopen it.

CREATE TABLE session_reports (
    session_id    BIGINT PRIMARY KEY REFERENCES sessions (id),
    -- How many answered 1 (not satisfied) … 5 (very satisfied).
    satisfied_1   BIGINT NOT NULL DEFAULT 0,
    satisfied_2   BIGINT NOT NULL DEFAULT 0,
    satisfied_3   BIGINT NOT NULL DEFAULT 0,
    satisfied_4   BIGINT NOT NULL DEFAULT 0,
    satisfied_5   BIGINT NOT NULL DEFAULT 0,
    notes         TEXT NOT NULL DEFAULT '',
    incidents     TEXT NOT NULL DEFAULT '',
    finalised_at  BIGINT,
    finalised_by  BIGINT REFERENCES users (id),
    updated_at    BIGINT NOT NULL,
    updated_by    BIGINT REFERENCES users (id)
);

CREATE TABLE report_topics (
    session_id  BIGINT NOT NULL REFERENCES sessions (id),
    topic_id    BIGINT NOT NULL REFERENCES topics (id),
    -- How many said they could now do it by themselves.
    could_do    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, topic_id)
);

CREATE TABLE helper_hours (
    session_id  BIGINT NOT NULL REFERENCES sessions (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    minutes     BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
