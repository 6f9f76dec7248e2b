-- The copies `yorisoi backup` (or the scheduled backup) wrote and verified, so the admins'
-- page can say how old the last one is. On PostgreSQL, pg_dump writes none of these.
CREATE TABLE backups (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    file    TEXT NOT NULL,
    bytes   INTEGER NOT NULL,
    sha256  TEXT NOT NULL
);
