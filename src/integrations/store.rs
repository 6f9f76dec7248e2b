//! SQL for integration tokens. Only a token's SHA-256 is stored.

use super::{Scope, TokenLine};
use crate::db::Db;
use sqlx::AnyConnection;

/// Writes a token (its hash) with its scopes; its id.
pub async fn insert(
    conn: &mut AnyConnection,
    name: &str,
    hash: &str,
    scopes: &[Scope],
    by: Option<i64>,
    at: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO integration_tokens (name, token_hash, scope_sessions, scope_requests, \
            created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(name)
    .bind(hash)
    .bind(i64::from(scopes.contains(&Scope::Sessions)))
    .bind(i64::from(scopes.contains(&Scope::Requests)))
    .bind(by)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// Revokes a token; false when it was revoked already (or is unknown).
pub async fn revoke(conn: &mut AnyConnection, id: i64, by: i64, at: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE integration_tokens SET revoked_at = $1, revoked_by = $2 \
         WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    scope_sessions: i64,
    scope_requests: i64,
    created_at: i64,
    created_by: Option<String>,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
    uses: i64,
}

fn scopes(sessions: i64, requests: i64) -> Vec<Scope> {
    [(sessions, Scope::Sessions), (requests, Scope::Requests)]
        .into_iter()
        .filter(|(on, _)| *on != 0)
        .map(|(_, scope)| scope)
        .collect()
}

/// Every token, newest first.
pub async fn list(db: &Db) -> sqlx::Result<Vec<TokenLine>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id, t.name, t.scope_sessions, t.scope_requests, t.created_at, \
                u.display_name AS created_by, t.revoked_at, t.last_used_at, t.uses \
         FROM integration_tokens t LEFT JOIN users u ON u.id = t.created_by \
         ORDER BY t.id DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TokenLine {
            id: r.id,
            name: r.name,
            scopes: scopes(r.scope_sessions, r.scope_requests),
            created_at: r.created_at,
            created_by: r.created_by,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
            uses: r.uses,
        })
        .collect())
}

/// The live token with this hash, counted as used now: its id and scopes.
pub async fn use_token(db: &Db, hash: &str, at: i64) -> sqlx::Result<Option<(i64, Vec<Scope>)>> {
    // A read first: an unknown token (anyone may send one) writes nothing.
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, scope_sessions, scope_requests FROM integration_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some((id, sessions, requests)) = row else {
        return Ok(None);
    };
    sqlx::query("UPDATE integration_tokens SET last_used_at = $1, uses = uses + 1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(Some((id, scopes(sessions, requests))))
}
