//! Changes of a session report: saving (and finalising) it, and an admin reopening it. Each
//! opens its transaction, writes the change and its audit entry, then commits.

use super::store::{self, ReportInput};
use crate::audit::store::{log, Action};
use crate::auth::{CurrentUser, Role};
use crate::db::Db;
use crate::error::AppError;

/// What saving a report came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// It was finalised already: nothing is written.
    Locked,
    /// Finalising by someone who may fill it in but not finalise it (an assistant, or a
    /// coordinator of a co-hosting partner).
    NotYours,
    /// Finalising before the session has started: nothing is written.
    NotStarted,
}

/// Whether `user` may finalise the session's report: its lead, the host's coordinator,
/// staff and admins.
async fn may_finalise(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    host: i64,
) -> sqlx::Result<bool> {
    Ok(match user.role {
        Role::Admin | Role::Staff => true,
        Role::Coordinator => user.partner_id == Some(host),
        Role::Volunteer => crate::assignments::store::is_lead(db, session_id, user.id).await?,
        Role::Reviewer => false,
    })
}

/// Saves the report; with `finalise`, also locks it (and the attendance), which only the
/// people of [`may_finalise`] may do, once the session has started.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    input: &ReportInput,
    finalise: bool,
) -> Result<Saved, AppError> {
    if finalise {
        let session =
            crate::sessions::store::get(db, session_id).await?.ok_or(AppError::NotFound)?;
        if !may_finalise(db, user, session_id, session.summary.host_id).await? {
            return Ok(Saved::NotYours);
        }
        if session.summary.starts_at > crate::db::now() {
            return Ok(Saved::NotStarted);
        }
    }
    let mut tx = db.begin().await?;
    // Check-in locks the session as well, so a mark and the finalising never interleave.
    crate::sessions::store::lock(&mut tx, session_id).await?;
    // With questionnaires entered one by one, their tallies stand for the typed ones.
    let mut input = input.clone();
    if let Some(super::Tallies { satisfaction, could_do }) =
        crate::questionnaires::store::tallies(&mut tx, session_id).await?
    {
        input.satisfaction = satisfaction;
        for (topic, could) in &mut input.topics {
            *could = could_do.iter().find(|(t, _)| t == topic).map_or(0, |(_, n)| *n);
        }
    }
    let saved = store::save(&mut tx, session_id, &input, user.id, finalise).await?;
    if saved {
        let detail = if finalise { "report finalised" } else { "report saved" };
        log(&mut *tx, user, Action::Update, "session", session_id, Some(detail)).await?;
    }
    tx.commit().await?;
    Ok(if saved { Saved::Saved } else { Saved::Locked })
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
