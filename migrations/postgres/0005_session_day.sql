-- Session day: who helps at a session, who came (check-in), and walk-ins.

CREATE TABLE session_assignments (
    session_id   BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL CHECK (role IN ('lead', 'assistant')),
    -- 1 when the volunteer offered to help rather than being assigned.
    offered      BIGINT NOT NULL DEFAULT 0,
    assigned_by  BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX session_assignments_user ON session_assignments (user_id);

-- Attendance, marked at the door; walk-ins come without booking and take no booked seat.
ALTER TABLE registrations ADD COLUMN attended BIGINT NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN checked_in_at BIGINT;
ALTER TABLE registrations ADD COLUMN checked_in_by BIGINT REFERENCES users (id);
ALTER TABLE registrations ADD COLUMN walkin BIGINT NOT NULL DEFAULT 0;

-- A walk-in's record holds only what was asked at the door until staff complete or merge it.
ALTER TABLE residents ADD COLUMN walkin BIGINT NOT NULL DEFAULT 0;
ALTER TABLE residents ADD COLUMN age_band TEXT;
