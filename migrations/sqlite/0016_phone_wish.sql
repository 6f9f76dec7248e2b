-- Which loaner phone a resident without a smartphone would like to try ('' when not
-- known), so a session's loaner phones can be planned by iPhone and Android.
ALTER TABLE residents ADD COLUMN phone_wish TEXT NOT NULL DEFAULT ''
    CHECK (phone_wish IN ('', 'iphone', 'android'));

-- The today page counts walk-ins not yet completed: few rows among many residents.
CREATE INDEX residents_walkin ON residents (merged_into) WHERE walkin = 1;

-- The today page counts what is still to do (calls and supporter reminders due, letters,
-- emails) among every notice ever sent: only the pending ones are indexed.
CREATE INDEX notices_pending ON notices (channel, due_on) WHERE status = 'pending';

-- The reviewers' today page counts the people reached this fiscal year so far: a narrow
-- index of the rollup's year and months, so the count reads fewer pages than through the
-- report's wide index.
CREATE INDEX reach_people_months ON reach_people (fiscal_year, months);
