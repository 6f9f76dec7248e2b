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
CREATE TABLE residents_grams (
    field       TEXT COLLATE "C" NOT NULL,
    gram        TEXT COLLATE "C" NOT NULL,
    kana_sort   TEXT COLLATE "C" NOT NULL,
    resident_id BIGINT NOT NULL,
    PRIMARY KEY (field, gram, kana_sort, resident_id)
);
CREATE INDEX residents_grams_resident ON residents_grams (resident_id);
INSERT INTO residents_grams (field, gram, kana_sort, resident_id)
    SELECT DISTINCT f.field, substr(f.text, n, w), r.kana_sort, r.id
    FROM residents r
    CROSS JOIN LATERAL (VALUES ('k', r.kana_compact),
                               ('n', REPLACE(REPLACE(r.name, ' ', ''), '　', ''))) AS f (field, text)
    CROSS JOIN LATERAL generate_series(1, length(f.text)) AS n
    CROSS JOIN (VALUES (1), (2)) AS g (w)
    WHERE n + w - 1 <= length(f.text);
CREATE FUNCTION residents_grams_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM residents_grams WHERE resident_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO residents_grams (field, gram, kana_sort, resident_id)
        SELECT DISTINCT f.field, substr(f.text, n, w), NEW.kana_sort, NEW.id
        FROM (VALUES ('k', NEW.kana_compact),
                     ('n', REPLACE(REPLACE(NEW.name, ' ', ''), '　', ''))) AS f (field, text)
        CROSS JOIN LATERAL generate_series(1, length(f.text)) AS n
        CROSS JOIN (VALUES (1), (2)) AS g (w)
        WHERE n + w - 1 <= length(f.text);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER residents_grams_insert AFTER INSERT ON residents
    FOR EACH ROW EXECUTE FUNCTION residents_grams_keep();
CREATE TRIGGER residents_grams_update AFTER UPDATE OF name, kana_compact, kana_sort ON residents
    FOR EACH ROW EXECUTE FUNCTION residents_grams_keep();
CREATE TRIGGER residents_grams_delete AFTER DELETE ON residents
    FOR EACH ROW EXECUTE FUNCTION residents_grams_keep();
ANALYZE residents_grams;
