-- A temporary password signs in for 72 hours after it is issued. Temporary passwords issued
-- before this change are counted from the account's creation (a later reset may therefore
-- have expired already: the administrator issues a new one).
ALTER TABLE users ADD COLUMN temporary_until INTEGER;
UPDATE users SET temporary_until = created_at + 259200 WHERE must_change_password = 1;
