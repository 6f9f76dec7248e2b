-- The city is configuration, not code (issue 17): the name, its reading and English name,
-- the office, phone number and hours residents are given, and the mail sender, kept as
-- settings admins edit (/admin/city). Unset, the defaults are Higashiyamato's.
CREATE TABLE city_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The city's districts (町名) become a list admins keep like the topics: an entry no longer
-- offered stays on the records that name it.
ALTER TABLE districts ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
