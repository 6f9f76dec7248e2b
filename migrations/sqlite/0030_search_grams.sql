-- Search fragments of one or two characters at Tokyo scale (issue 22): the first letter
-- typed, a written family name (「佐藤」, 「林」) or two kana of a reading. No trigram
-- serves them, so they were answered by a scan (67–390 ms at 300,000 residents). Each
-- resident's reading (`k`) and written name, spaces left out (`n`), are kept here as every
-- piece of one or of two neighbouring characters in them, with the resident's sort key:
-- a fragment's first 30 matches in list order are then read from the front of one range
-- of this table (residents::store::search).
-- Each row also holds the resident's sort key, which spells out their whole reading: the
-- table is personal data like the columns it copies. It is kept by triggers in the same
-- transaction as every change of a resident: an erased name, or a record absorbed by a
-- merge (its name and reading are wiped), leaves no row. A record marked merged in any
-- other way is left out by the search's join, as from the other indexes.
-- A name's pieces are kept in lower case (ASCII only, as SQLite's lower()), because
-- SQLite's LIKE, which the other ways of searching use, ignores ASCII case.
CREATE TABLE residents_grams (
    field       TEXT NOT NULL,
    gram        TEXT NOT NULL,
    kana_sort   TEXT NOT NULL,
    resident_id INTEGER NOT NULL,
    PRIMARY KEY (field, gram, kana_sort, resident_id)
) WITHOUT ROWID;
CREATE INDEX residents_grams_resident ON residents_grams (resident_id);
-- The positions a piece may start at and its widths, for the triggers (which cannot count
-- with a recursive WITH): names and readings are at most 100 characters (residents::input);
-- pieces after the 1,000th character (only a row written by hand could have one) are not kept.
CREATE TABLE gram_positions (n INTEGER PRIMARY KEY);
WITH RECURSIVE p (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 1000)
    INSERT INTO gram_positions (n) SELECT n FROM p;
CREATE TABLE gram_widths (w INTEGER PRIMARY KEY);
INSERT INTO gram_widths (w) VALUES (1), (2);
INSERT INTO residents_grams (field, gram, kana_sort, resident_id)
    SELECT 'k', substr(r.kana_compact, p.n, g.w), r.kana_sort, r.id
    FROM residents r CROSS JOIN gram_positions p CROSS JOIN gram_widths g
    WHERE p.n <= length(r.kana_compact) AND p.n + g.w - 1 <= length(r.kana_compact)
    UNION
    SELECT 'n', lower(substr(REPLACE(REPLACE(r.name, ' ', ''), '　', ''), p.n, g.w)), r.kana_sort, r.id
    FROM residents r CROSS JOIN gram_positions p CROSS JOIN gram_widths g
    WHERE p.n <= length(REPLACE(REPLACE(r.name, ' ', ''), '　', '')) AND p.n + g.w - 1 <= length(REPLACE(REPLACE(r.name, ' ', ''), '　', ''));
CREATE TRIGGER residents_grams_insert AFTER INSERT ON residents BEGIN
    INSERT INTO residents_grams (field, gram, kana_sort, resident_id)
    SELECT 'k', substr(new.kana_compact, p.n, g.w), new.kana_sort, new.id
    FROM gram_positions p CROSS JOIN gram_widths g
    WHERE p.n <= length(new.kana_compact) AND p.n + g.w - 1 <= length(new.kana_compact)
    UNION
    SELECT 'n', lower(substr(REPLACE(REPLACE(new.name, ' ', ''), '　', ''), p.n, g.w)), new.kana_sort, new.id
    FROM gram_positions p CROSS JOIN gram_widths g
    WHERE p.n <= length(REPLACE(REPLACE(new.name, ' ', ''), '　', '')) AND p.n + g.w - 1 <= length(REPLACE(REPLACE(new.name, ' ', ''), '　', ''));
END;
CREATE TRIGGER residents_grams_update AFTER UPDATE OF name, kana_compact, kana_sort
    ON residents BEGIN
    DELETE FROM residents_grams WHERE resident_id = old.id;
    INSERT INTO residents_grams (field, gram, kana_sort, resident_id)
    SELECT 'k', substr(new.kana_compact, p.n, g.w), new.kana_sort, new.id
    FROM gram_positions p CROSS JOIN gram_widths g
    WHERE p.n <= length(new.kana_compact) AND p.n + g.w - 1 <= length(new.kana_compact)
    UNION
    SELECT 'n', lower(substr(REPLACE(REPLACE(new.name, ' ', ''), '　', ''), p.n, g.w)), new.kana_sort, new.id
    FROM gram_positions p CROSS JOIN gram_widths g
    WHERE p.n <= length(REPLACE(REPLACE(new.name, ' ', ''), '　', '')) AND p.n + g.w - 1 <= length(REPLACE(REPLACE(new.name, ' ', ''), '　', ''));
END;
CREATE TRIGGER residents_grams_delete AFTER DELETE ON residents BEGIN
    DELETE FROM residents_grams WHERE resident_id = old.id;
END;
