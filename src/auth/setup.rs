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

/// Spends a setup token. It is spent only while no user exists: a second use, or a race,
/// finds nothing (false).
pub async fn spend_token(conn: &mut AnyConnection, token: &str) -> sqlx::Result<bool> {
    let spent = sqlx::query(
        "UPDATE setup_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND NOT EXISTS (SELECT 1 FROM users)",
    )
    .bind(now())
    .bind(hash_token(token))
    .execute(conn)
    .await?;
    Ok(spent.rows_affected() == 1)
}
