//! First run: while no user exists, `yorisoi serve` prints a one-time link that creates the
//! first admin.

use super::signin::{hash_token, new_token};
use crate::db::{now, Db};
use sqlx::AnyConnection;

/// Creates a new setup token when there are no users; returns it (to print) or None.
pub async fn issue_if_needed(db: &Db) -> sqlx::Result<Option<String>> {
    if crate::users::store::count(db).await? > 0 {
        return Ok(None);
    }
    let token = new_token();
    sqlx::query("INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)")
        .bind(hash_token(&token))
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(Some(token))
}

/// A setup link works for a day after the server printed it (a restart prints a new one).
pub const VALID_SECONDS: i64 = 24 * 3600;

/// Whether the token could be spent now: checked before any password is hashed, so that
/// posts with made-up tokens cost the server nothing.
pub async fn is_usable(db: &Db, token: &str) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT created_at FROM setup_tokens \
         WHERE token_hash = $1 AND used_at IS NULL AND created_at > $2 \
           AND NOT EXISTS (SELECT 1 FROM users)",
    )
    .bind(hash_token(token))
    .bind(now() - VALID_SECONDS)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// Spends a setup token. It is spent only while no user exists and within a day of being
/// made: a second use, a race or an old link finds nothing (false).
pub async fn spend_token(conn: &mut AnyConnection, token: &str) -> sqlx::Result<bool> {
    let at = now();
    let spent = sqlx::query(
        "UPDATE setup_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND created_at > $3 \
           AND NOT EXISTS (SELECT 1 FROM users)",
    )
    .bind(at)
    .bind(hash_token(token))
    .bind(at - VALID_SECONDS)
    .execute(conn)
    .await?;
    Ok(spent.rows_affected() == 1)
}
