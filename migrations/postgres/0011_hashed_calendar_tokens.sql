-- Private calendar addresses are kept as a SHA-256 hash, like sign-in tokens, so a copy of
-- the database does not open anyone's feed. A hash cannot be turned back into the address,
-- so addresses made before this change stop working; the calendar page offers a new one.
DROP TABLE calendar_tokens;
CREATE TABLE calendar_tokens (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
