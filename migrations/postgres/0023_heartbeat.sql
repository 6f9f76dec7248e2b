-- One row that /healthz writes, so the check fails when the database can be read but not
-- written (a full or read-only disk), not only when it cannot be reached.
CREATE TABLE heartbeat (
    id       BIGINT PRIMARY KEY,
    beat_at  BIGINT NOT NULL
);
INSERT INTO heartbeat (id, beat_at) VALUES (1, 0);
