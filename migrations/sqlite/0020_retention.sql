-- The life of the data: each time the retention rules were applied, by an admin or by the
-- nightly job, with how many records of each kind were anonymised or removed (counts only,
-- never who). The rules' periods and the nightly switch are programme settings
-- (`retention_<kind>`, `retention_nightly`). A nightly run names its night (Japan date):
-- the unique key lets one instance of several run it.
CREATE TABLE retention_runs (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    user_login  TEXT,
    night       TEXT UNIQUE,
    counts      TEXT NOT NULL
);
