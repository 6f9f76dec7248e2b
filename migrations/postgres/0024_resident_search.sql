-- Search as you type at Tokyo scale (issue 22): the intake search looks for a fragment of
-- a reading, of a written name (spaces left out) or of a phone number (LIKE '%…%'), which
-- no B-tree index can serve. Trigram indexes can, for fragments of three characters or
-- more; shorter ones are still answered, by a scan. pg_trgm is a trusted extension
-- (PostgreSQL 13 and later): the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX residents_kana_trgm ON residents USING gin (kana_compact gin_trgm_ops);
CREATE INDEX residents_name_trgm ON residents
    USING gin ((REPLACE(REPLACE(name, ' ', ''), '　', '')) gin_trgm_ops);
CREATE INDEX residents_phone_trgm ON residents USING gin (phone gin_trgm_ops);
CREATE INDEX residents_phone_alt_trgm ON residents USING gin (phone_alt gin_trgm_ops);
-- Short fragments are matched by a scan in the order the list is shown, which stops at the
-- 30th match.
CREATE INDEX residents_kana_sort ON residents (kana_sort, id);
