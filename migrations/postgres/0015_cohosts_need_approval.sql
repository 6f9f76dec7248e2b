-- A co-host's people see a session's attendees, so a co-host a coordinator names waits for
-- staff approval: approved_at is NULL until then. Co-hosts named before approval existed
-- were named by staff or accepted as they were: approved.
ALTER TABLE session_cohosts ADD COLUMN approved_at BIGINT;
UPDATE session_cohosts SET approved_at = 0;
