-- A reading fragment at Tokyo scale on PostgreSQL (issue 22). A fragment that begins many
-- readings (「さとう」) matched thousands of rows through the trigram index, all fetched to
-- keep the first 30. Now the readings that begin with it are read in list order from
-- ranges of the sort key, and those that hold it further in come from a trigram index of
-- all but their first character (residents::store::kana_on_postgres).
-- The ranges need the sort key compared by code point, as it is built to be and as SQLite
-- compares it; a database created with another locale compared it by that locale's rules.
ALTER TABLE residents ALTER COLUMN kana_sort TYPE TEXT COLLATE "C";
-- Supporters' lists sort by the same key, and so the same way as residents'.
ALTER TABLE supporters ALTER COLUMN kana_sort TYPE TEXT COLLATE "C";
CREATE INDEX residents_kana_tail_trgm ON residents
    USING gin ((substr(kana_compact, 2)) gin_trgm_ops);
-- Readings of three words or more, which the ranges do not cover: few, read in order.
CREATE INDEX residents_kana_sort_spaced ON residents (kana_sort, id) WHERE kana LIKE '% % %';
-- The changed column's statistics and the new index's are made now, not at the next
-- autovacuum, so the first searches are planned with them.
ANALYZE residents;
