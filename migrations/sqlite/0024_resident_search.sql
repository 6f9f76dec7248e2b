-- Search as you type at Tokyo scale (issue 22): the intake search looks for a fragment of
-- a reading, of a written name (spaces left out) or of a phone number (LIKE '%…%'), which
-- no B-tree index can serve. SQLite's full-text index with the trigram tokenizer can, for
-- fragments of three characters or more; shorter ones are still answered, by a scan.
-- The index holds its own copy of the searched columns, kept by the triggers below in the
-- same transaction as every change of a resident (erasure included); secure-delete makes
-- a deleted or changed entry leave the index at once rather than at its next merge.
CREATE VIRTUAL TABLE residents_search USING fts5(kana, name, phones, tokenize = 'trigram');
INSERT INTO residents_search (residents_search, rank) VALUES ('secure-delete', 1);
INSERT INTO residents_search (rowid, kana, name, phones)
    SELECT id, kana_compact, REPLACE(REPLACE(name, ' ', ''), '　', ''),
           COALESCE(phone, '') || ' ' || COALESCE(phone_alt, '')
    FROM residents;
CREATE TRIGGER residents_search_insert AFTER INSERT ON residents BEGIN
    INSERT INTO residents_search (rowid, kana, name, phones)
    VALUES (new.id, new.kana_compact, REPLACE(REPLACE(new.name, ' ', ''), '　', ''),
            COALESCE(new.phone, '') || ' ' || COALESCE(new.phone_alt, ''));
END;
CREATE TRIGGER residents_search_update AFTER UPDATE OF kana_compact, name, phone, phone_alt
    ON residents BEGIN
    DELETE FROM residents_search WHERE rowid = old.id;
    INSERT INTO residents_search (rowid, kana, name, phones)
    VALUES (new.id, new.kana_compact, REPLACE(REPLACE(new.name, ' ', ''), '　', ''),
            COALESCE(new.phone, '') || ' ' || COALESCE(new.phone_alt, ''));
END;
CREATE TRIGGER residents_search_delete AFTER DELETE ON residents BEGIN
    DELETE FROM residents_search WHERE rowid = old.id;
END;
-- Short fragments are matched by a scan in the order the list is shown, which stops at the
-- 30th match.
CREATE INDEX residents_kana_sort ON residents (kana_sort, id);
