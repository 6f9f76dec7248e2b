//! Sign-in throttling held in the database: after [`MAX_FAILURES`] failed sign-ins for
//! one login name within [`WINDOW_SECONDS`], that name is refused for [`LOCK_SECONDS`].
//! Counted per name typed, whether or not such a user exists, so the answer reveals nothing.

use crate::db::Db;

pub const MAX_FAILURES: i64 = 5;
pub const WINDOW_SECONDS: i64 = 15 * 60;
pub const LOCK_SECONDS: i64 = 15 * 60;

pub async fn is_locked(db: &Db, login: &str, now: i64) -> sqlx::Result<bool> {
    let until: Option<i64> =
        sqlx::query_scalar("SELECT locked_until FROM login_locks WHERE login = $1")
            .bind(login)
            .fetch_optional(&db.pool)
            .await?;
    Ok(until.is_some_and(|until| until > now))
}

/// Records a failure; returns whether the login is now locked.
pub async fn record_failure(db: &Db, login: &str, now: i64) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(now - WINDOW_SECONDS)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO login_failures (login, at) VALUES ($1, $2)")
        .bind(login)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE login = $1")
        .bind(login)
        .fetch_one(&mut *tx)
        .await?;
    let locked = failures >= MAX_FAILURES;
    if locked {
        sqlx::query(
            "INSERT INTO login_locks (login, locked_until) VALUES ($1, $2) \
             ON CONFLICT (login) DO UPDATE SET locked_until = excluded.locked_until",
        )
        .bind(login)
        .bind(now + LOCK_SECONDS)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM login_failures WHERE login = $1")
            .bind(login)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(locked)
}

/// A successful sign-in forgets earlier failures.
pub async fn clear(db: &Db, login: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE login = $1")
        .bind(login)
        .execute(&db.pool)
        .await?;
    Ok(())
}
