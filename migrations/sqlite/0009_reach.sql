-- Reach reports. What a report groups an attendance by (the age band in that fiscal year,
-- the district) is kept on the registration when attendance is recorded, so erasing a
-- resident's personal data later changes no count; paper-support requests of residents
-- keep them the same way. Sessions keep their present counts.
ALTER TABLE registrations ADD COLUMN age_band TEXT;
ALTER TABLE registrations ADD COLUMN district_id INTEGER REFERENCES districts (id);
ALTER TABLE sessions ADD COLUMN present_booked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN present_walkins INTEGER NOT NULL DEFAULT 0;
-- Set when a resident asked to be erased: their personal fields are wiped, the facts stay.
ALTER TABLE residents ADD COLUMN erased_at INTEGER;

-- One row per resident and fiscal year in which they were reached, derived from the facts
-- (reach::store): months of contact as bits (bit 0 = April), the first such month, the age
-- band and district recorded with the facts, and whether this is the first year ever.
CREATE TABLE reach_people (
    resident_id  INTEGER NOT NULL REFERENCES residents (id),
    fiscal_year  INTEGER NOT NULL,
    months       INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    band         TEXT,
    district_id  INTEGER REFERENCES districts (id),
    first_time   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (resident_id, fiscal_year)
);
-- The dashboard reads one fiscal year from this index alone.
CREATE INDEX reach_people_year
    ON reach_people (fiscal_year, band, district_id, months, first_time, first_month);
-- Reports read sessions of a period from this index alone.
CREATE INDEX sessions_local_date ON sessions (local_date, status, starts_at, host_partner_id,
    capacity, seats_taken, present_booked, present_walkins);
CREATE INDEX support_requests_procedure ON support_requests (procedure_id, requested_on);
