//! Signed-in sessions: a random token in an HttpOnly cookie, only its hash in the
//! database, expiring after [`IDLE_SECONDS`] without a request.

use super::{CurrentUser, Role};
use crate::db::{now, Db};
use crate::i18n::Locale;
pub use crate::web::secret::{hash_token, new_token};
use sqlx::AnyConnection;

pub const COOKIE: &str = "yorisoi_session";
/// Sessions end after 12 hours without a request.
pub const IDLE_SECONDS: i64 = 12 * 60 * 60;
/// `last_seen_at` is written at most this often, to spare the database a write per request.
const TOUCH_EVERY: i64 = 60;

pub async fn create(db: &Db, user_id: i64) -> sqlx::Result<String> {
    let token = new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO user_sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    login: String,
    display_name: String,
    role: String,
    partner_id: Option<i64>,
    partner_name: Option<String>,
    must_change_password: i64,
    locale: Option<String>,
    last_seen_at: i64,
}

/// The user a session token belongs to, if the session is live and the user enabled.
/// Expired sessions are deleted when met.
pub async fn resolve(db: &Db, token: &str) -> sqlx::Result<Option<CurrentUser>> {
    let token_hash = hash_token(token);
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT u.id, u.login, u.display_name, u.role, u.partner_id, p.name AS partner_name, \
                u.must_change_password, u.locale, s.last_seen_at \
         FROM user_sessions s \
         JOIN users u ON u.id = s.user_id \
         LEFT JOIN partners p ON p.id = u.partner_id \
         WHERE s.token_hash = $1 AND u.disabled = 0",
    )
    .bind(&token_hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let at = now();
    if at - row.last_seen_at > IDLE_SECONDS {
        destroy(db, token).await?;
        return Ok(None);
    }
    if at - row.last_seen_at > TOUCH_EVERY {
        sqlx::query("UPDATE user_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(&token_hash)
            .execute(&db.pool)
            .await?;
    }
    let Some(role) = Role::from_code(&row.role) else {
        return Ok(None);
    };
    Ok(Some(CurrentUser {
        id: row.id,
        login: row.login,
        display_name: row.display_name,
        role,
        partner_id: row.partner_id,
        partner_name: row.partner_name,
        must_change_password: row.must_change_password != 0,
        locale: row.locale.as_deref().and_then(Locale::from_code),
    }))
}

pub async fn destroy(db: &Db, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user (disabled, or password reset by an admin): on the pool from
/// the command line, in the operation's transaction from the admin pages.
pub async fn destroy_all_for_user<'e, E>(executor: E, user_id: i64) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM user_sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// Ends every session of a user but the one holding `keep_token` (the device in use).
pub async fn destroy_others(
    conn: &mut AnyConnection,
    user_id: i64,
    keep_token: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(hash_token(keep_token))
        .execute(conn)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value for a new session. A browser-session cookie: the server decides
/// expiry, so an idle session ends even if the browser keeps the cookie.
pub fn set_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}
