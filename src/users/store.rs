//! SQL for user accounts.

use super::UserSummary;
use crate::auth::Role;
use crate::db::{flag, now, Db};
use sqlx::{Any, Executor};

/// A temporary password signs in for 72 hours after it is issued.
pub const TEMPORARY_SECONDS: i64 = 72 * 3600;

/// When a password set now stops signing in: never for one the user chose.
fn temporary_until(temporary: bool) -> Option<i64> {
    temporary.then(|| now() + TEMPORARY_SECONDS)
}

pub struct NewUser<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub partner_id: Option<i64>,
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

/// Inserts a user; `None` when the login is already taken.
pub async fn insert<'e, E>(executor: E, user: &NewUser<'_>) -> sqlx::Result<Option<i64>>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "INSERT INTO users (login, display_name, role, partner_id, password_hash, \
                            must_change_password, temporary_until, disabled, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) \
         ON CONFLICT (login) DO NOTHING RETURNING id",
    )
    .bind(user.login)
    .bind(user.display_name)
    .bind(user.role.code())
    .bind(user.partner_id)
    .bind(user.password_hash)
    .bind(flag(user.must_change_password))
    .bind(temporary_until(user.must_change_password))
    .bind(now())
    .fetch_optional(executor)
    .await
}

pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db.pool).await
}

/// What signing in needs to know about a login.
#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub must_change_password: i64,
    /// Until when a temporary password signs in (`None` for a password the user chose).
    pub temporary_until: Option<i64>,
    pub locale: Option<String>,
}

/// Credentials of an enabled user.
pub async fn credentials(db: &Db, login: &str) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as(
        "SELECT id, password_hash, must_change_password, temporary_until, locale FROM users \
         WHERE login = $1 AND disabled = 0",
    )
    .bind(login)
    .fetch_optional(&db.pool)
    .await
}

pub async fn password_hash(db: &Db, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    login: String,
    display_name: String,
    role: String,
    partner_id: Option<i64>,
    partner_name: Option<String>,
    disabled: i64,
    must_change_password: i64,
    created_at: i64,
}

impl Row {
    fn into_summary(self) -> Option<UserSummary> {
        Some(UserSummary {
            id: self.id,
            login: self.login,
            display_name: self.display_name,
            role: Role::from_code(&self.role)?,
            partner_id: self.partner_id,
            partner_name: self.partner_name,
            disabled: self.disabled != 0,
            must_change_password: self.must_change_password != 0,
            created_at: self.created_at,
        })
    }
}

/// The columns of [`Row`], as a literal so queries stay static strings.
macro_rules! select_users {
    () => {
        "SELECT u.id, u.login, u.display_name, u.role, u.partner_id, \
       p.name AS partner_name, u.disabled, u.must_change_password, u.created_at \
       FROM users u LEFT JOIN partners p ON p.id = u.partner_id"
    };
}

/// Every user, enabled first, then by login.
pub async fn list(db: &Db) -> sqlx::Result<Vec<UserSummary>> {
    let rows: Vec<Row> = sqlx::query_as(concat!(select_users!(), " ORDER BY u.disabled, u.login"))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().filter_map(Row::into_summary).collect())
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<UserSummary>> {
    let row: Option<Row> = sqlx::query_as(concat!(select_users!(), " WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.and_then(Row::into_summary))
}

pub async fn set_role<'e, E>(
    executor: E,
    id: i64,
    role: Role,
    partner_id: Option<i64>,
) -> sqlx::Result<bool>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query("UPDATE users SET role = $1, partner_id = $2 WHERE id = $3")
        .bind(role.code())
        .bind(partner_id)
        .bind(id)
        .execute(executor)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Holds every enabled admin's row (in id order) and says whether an enabled admin other
/// than `id` remains, so that disabling `id` leaves someone to administer.
pub async fn hold_other_admins(tx: &mut sqlx::Transaction<'_, Any>, id: i64) -> sqlx::Result<bool> {
    let admins: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE role = 'admin' AND disabled = 0 ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut others = 0;
    for admin in admins {
        let held = sqlx::query(
            "UPDATE users SET disabled = disabled WHERE id = $1 AND role = 'admin' AND disabled = 0",
        )
        .bind(admin)
        .execute(&mut **tx)
        .await?;
        if admin != id && held.rows_affected() == 1 {
            others += 1;
        }
    }
    Ok(others > 0)
}

pub async fn set_disabled<'e, E>(executor: E, id: i64, disabled: bool) -> sqlx::Result<bool>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(flag(disabled))
        .bind(id)
        .execute(executor)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_password<'e, E>(
    executor: E,
    id: i64,
    password_hash: &str,
    must_change: bool,
) -> sqlx::Result<bool>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, temporary_until = $3 \
         WHERE id = $4",
    )
    .bind(password_hash)
    .bind(flag(must_change))
    .bind(temporary_until(must_change))
    .bind(id)
    .execute(executor)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_locale(db: &Db, id: i64, locale: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Admins who can still sign in; the last one may not be disabled or demoted.
pub async fn enabled_admins(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
        .fetch_one(&db.pool)
        .await
}
