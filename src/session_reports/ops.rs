//! Changes of a session report: saving (and finalising) it, and an admin reopening it. Each
//! opens its transaction, writes the change and its audit entry, then commits.

use super::store::{self, ReportInput};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;

/// Saves the report; with `finalise`, also locks it (and the attendance). False when it was
/// finalised already (nothing is written then).
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    input: &ReportInput,
    finalise: bool,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let saved = store::save(&mut tx, session_id, input, user.id, finalise).await?;
    if saved {
        let detail = if finalise { "report finalised" } else { "report saved" };
        log(&mut *tx, user, Action::Update, "session", session_id, Some(detail)).await?;
    }
    tx.commit().await?;
    Ok(saved)
}

/// Opens a finalised report again (the caller has checked that an admin asks). False when
/// it was not finalised; only a reopening is audited.
pub async fn reopen(db: &Db, user: &CurrentUser, session_id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let done = store::reopen(&mut tx, session_id).await?;
    if done {
        log(&mut *tx, user, Action::Update, "session", session_id, Some("report reopened")).await?;
    }
    tx.commit().await?;
    Ok(done)
}
