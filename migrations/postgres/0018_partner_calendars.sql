-- A partner's subscribed calendar: a URL pulled on a schedule (every_minutes, hourly by
-- default) by whichever server instance claims it first (claimed_until), imported like an
-- upload. The outcome of the last pull is kept for the partner's page: when, whether the
-- feed could be read (error_code), what it added, changed and cancelled, and its refused
-- lines ("line:code" separated by commas). The feed carries no personal data.
CREATE TABLE partner_calendars (
    partner_id     BIGINT PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    url            TEXT NOT NULL,
    topic_id       BIGINT NOT NULL REFERENCES topics (id),
    capacity       BIGINT NOT NULL,
    every_minutes  BIGINT NOT NULL DEFAULT 60 CHECK (every_minutes >= 5),
    next_pull_at   BIGINT NOT NULL DEFAULT 0,
    claimed_until  BIGINT NOT NULL DEFAULT 0,
    pulled_at      BIGINT,
    error_code     TEXT,
    added          BIGINT NOT NULL DEFAULT 0,
    updated        BIGINT NOT NULL DEFAULT 0,
    cancelled      BIGINT NOT NULL DEFAULT 0,
    refused        TEXT NOT NULL DEFAULT ''
);

-- The venue each LOCATION of a partner's calendar was mapped to on its last upload: a
-- subscribed calendar's events go to these venues (or to a venue of that exact name).
CREATE TABLE partner_locations (
    partner_id  BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    location    TEXT NOT NULL,
    venue_id    BIGINT NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    PRIMARY KEY (partner_id, location)
);
