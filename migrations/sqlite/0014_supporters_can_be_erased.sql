-- A supporter's personal data can be erased at their request, like a resident's: when it was.
ALTER TABLE supporters ADD COLUMN erased_at INTEGER;
