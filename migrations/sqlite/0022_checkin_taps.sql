-- Check-in that keeps working offline (issue 21): a phone queues its taps and sends them
-- when the connection returns, perhaps more than once. Each tap carries its own key; the
-- first arrival is applied and recorded here, a repeat is answered from this record and
-- changes nothing. No resident's data: the key, who sent it, when, and what came of it.
CREATE TABLE checkin_taps (
    tap_key TEXT PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    outcome TEXT NOT NULL,
    applied_at INTEGER NOT NULL
);
CREATE INDEX checkin_taps_applied ON checkin_taps (applied_at);
