-- Integrations (issue 17): programs such as the city's LINE official account use the open
-- API (/v1) with a token an admin made for them. Only the token's SHA-256 is kept; what it
-- may do (its scopes), who made it, when it was last used and how often are shown to admins.
CREATE TABLE integration_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- 1 when the token may read the public schedule / make, read and cancel seat requests.
    scope_sessions INTEGER NOT NULL DEFAULT 0,
    scope_requests INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by INTEGER REFERENCES users(id),
    last_used_at INTEGER,
    uses INTEGER NOT NULL DEFAULT 0
);
