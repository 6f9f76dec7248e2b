-- A "changed" notice (kind 'session_changed') tells a person booked on a session that its
-- time or venue moved. It keeps when and where the session was before, as the person was
-- last told, so the email, the letter and the call can say "before → now". NULL for other
-- notices.
ALTER TABLE notices ADD COLUMN was_starts_at BIGINT;
ALTER TABLE notices ADD COLUMN was_ends_at BIGINT;
ALTER TABLE notices ADD COLUMN was_venue TEXT;
