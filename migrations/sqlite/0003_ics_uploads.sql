-- Uploaded .ics files waiting for their locations to be mapped to venues before import.
-- Kept only between the upload and the import (the import deletes its row).
CREATE TABLE ics_uploads (
    token        TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    file_name    TEXT NOT NULL,
    content      TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
