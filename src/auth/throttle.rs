//! Sign-in throttling held in the database: after [`MAX_FAILURES`] failed sign-ins for
//! one login name within [`WINDOW_SECONDS`], that name is refused for [`LOCK_SECONDS`].
//! Counted per name typed, whether or not such a user exists, so the answer reveals nothing.

use crate::db::Db;

pub const MAX_FAILURES: i64 = 5;
pub const WINDOW_SECONDS: i64 = 15 * 60;
pub const LOCK_SECONDS: i64 = 15 * 60;

/// Starts a sign-in attempt: counts it as a failure before the password is checked, so
/// simultaneous attempts cannot all slip under the limit, and says whether the password may
/// be checked at all (`false`: the login is locked). One transaction per login at a time:
/// the upsert of the login's lock row holds that row until commit (PostgreSQL) or holds the
/// database's write lock (SQLite). Expired failures and locks of every login are purged.
pub async fn begin_attempt(db: &Db, login: &str, now: i64) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM login_locks WHERE locked_until <= $1 AND login <> $2")
        .bind(now)
        .bind(login)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(now - WINDOW_SECONDS)
        .execute(&mut *tx)
        .await?;
    let locked_until: i64 = sqlx::query_scalar(
        "INSERT INTO login_locks (login, locked_until) VALUES ($1, 0) \
         ON CONFLICT (login) DO UPDATE SET locked_until = login_locks.locked_until \
         RETURNING locked_until",
    )
    .bind(login)
    .fetch_one(&mut *tx)
    .await?;
    if locked_until > now {
        tx.commit().await?;
        return Ok(false);
    }
    if locked_until > 0 {
        // A lock that has run out starts the count again.
        sqlx::query("DELETE FROM login_failures WHERE login = $1")
            .bind(login)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE login_locks SET locked_until = 0 WHERE login = $1")
            .bind(login)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO login_failures (login, at) VALUES ($1, $2)")
        .bind(login)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE login = $1")
        .bind(login)
        .fetch_one(&mut *tx)
        .await?;
    if attempts >= MAX_FAILURES {
        // This is the last attempt allowed; any other waits out the lock.
        sqlx::query("UPDATE login_locks SET locked_until = $1 WHERE login = $2")
            .bind(now + LOCK_SECONDS)
            .bind(login)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(attempts <= MAX_FAILURES)
}

/// Whether the login is locked now (after a failed attempt: to say so at once).
pub async fn is_locked(db: &Db, login: &str, now: i64) -> sqlx::Result<bool> {
    let until: Option<i64> =
        sqlx::query_scalar("SELECT locked_until FROM login_locks WHERE login = $1")
            .bind(login)
            .fetch_optional(&db.pool)
            .await?;
    Ok(until.is_some_and(|until| until > now))
}

/// A successful sign-in forgets the attempts, the one it began included, and any lock.
pub async fn clear(db: &Db, login: &str) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM login_failures WHERE login = $1")
        .bind(login)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_locks WHERE login = $1").bind(login).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
