//! Changes of who helps at a session, each audited in its own transaction.

use super::{store, AssignmentRole};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use sqlx::AnyConnection;

async fn audit(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    session_id: i64,
    detail: &str,
) -> sqlx::Result<()> {
    log(conn, user, Action::Update, "session", session_id, Some(detail)).await
}

/// Assigns (or re-assigns) a helper as lead or assistant; `offered` when they offered
/// themselves.
pub async fn assign(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    helper: i64,
    role: AssignmentRole,
    offered: bool,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::assign(&mut tx, session_id, helper, role, offered, user.id).await?;
    let detail = if offered {
        "offered to help".to_string()
    } else {
        format!("helper {helper} {}", role.code())
    };
    audit(&mut tx, user, session_id, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a helper from a session (nothing happens if they were not on it).
pub async fn unassign(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    helper: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if store::unassign(&mut tx, session_id, helper).await? {
        audit(&mut tx, user, session_id, &format!("helper {helper} removed")).await?;
    }
    tx.commit().await?;
    Ok(())
}
