//! Changes made at the door: marking who came and adding walk-ins. Each opens its
//! transaction, writes the change, the reach facts and the audit entry, then commits.

use super::store::{self, Walkin};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::ErrorCode;

/// What marking attendance did: the session it belongs to, and why it was not applied, if
/// so ([`attendance_closed`]).
pub struct Marked {
    pub session_id: i64,
    pub refused: Option<ErrorCode>,
}

/// Why attendance at a session cannot be taken now: its report is finalised (which locks
/// attendance), or its day has not come yet in Japan. `None` when it can.
pub async fn attendance_closed(db: &Db, session_id: i64) -> Result<Option<ErrorCode>, AppError> {
    if crate::session_reports::store::is_finalised(db, session_id).await? {
        return Ok(Some(ErrorCode::AttendanceLocked));
    }
    let starts_at =
        crate::sessions::store::starts_at(db, session_id).await?.ok_or(AppError::NotFound)?;
    let not_yet = crate::domain::day_in_japan(starts_at) > crate::domain::today_in_japan();
    Ok(not_yet.then_some(ErrorCode::AttendanceNotYet))
}

/// Marks a confirmed place present (or not) for whoever may check in at its session. Sets a
/// state rather than toggling, so a retried request is harmless.
pub async fn mark_attendance(
    db: &Db,
    user: &CurrentUser,
    registration_id: i64,
    present: bool,
) -> Result<Marked, AppError> {
    let session_id = store::session_of(db, registration_id).await?.ok_or(AppError::NotFound)?;
    crate::assignments::rules::require_check_in(db, user, session_id).await?;
    if let Some(refused) = attendance_closed(db, session_id).await? {
        return Ok(Marked { session_id, refused: Some(refused) });
    }
    let mut tx = db.begin().await?;
    // Finalising locks the session too: a report finalised since the check above wins.
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Marked { session_id, refused: Some(ErrorCode::AttendanceLocked) });
    }
    if !store::set_attended(&mut tx, registration_id, present, user.id).await? {
        return Err(AppError::NotFound);
    }
    crate::reach::store::attendance_changed(&mut tx, registration_id).await?;
    log(
        &mut *tx,
        user,
        Action::Update,
        "registration",
        registration_id,
        Some(if present { "present" } else { "not present" }),
    )
    .await?;
    tx.commit().await?;
    Ok(Marked { session_id, refused: None })
}

/// Adds a walk-in: a minimal resident record and a place marked present. The key makes a
/// double tap add one person. Returns the registration id, or why attendance cannot be
/// taken now ([`attendance_closed`]).
pub async fn add_walkin(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    walkin: &Walkin,
    key: &str,
) -> Result<Result<i64, ErrorCode>, AppError> {
    if let Some(refused) = attendance_closed(db, session_id).await? {
        return Ok(Err(refused));
    }
    let mut tx = db.begin().await?;
    // Two taps at once: the second waits here for the first to commit, then finds its key.
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if let Some(id) = store::registration_with_key(&mut tx, key).await? {
        return Ok(Ok(id));
    }
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Err(ErrorCode::AttendanceLocked));
    }
    let id = store::add_walkin(&mut tx, session_id, walkin, key, user.id).await?;
    crate::reach::store::attendance_changed(&mut tx, id).await?;
    log(&mut *tx, user, Action::Create, "registration", id, Some("walk-in")).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Enters a ticked paper roster in one transaction: every confirmed place of the session
/// that the form `listed` is present exactly when `present` holds it (places added since,
/// such as the walk-ins of a first post, are left alone), and each walk-in row is added once
/// (`key` with the row's number makes a repeated post add nobody). Each change is audited as
/// a mark at the door would be. Returns why attendance cannot be taken now, if so.
pub async fn enter_roster(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    listed: &[i64],
    present: &[i64],
    walkins: &[(usize, Walkin)],
    key: &str,
) -> Result<Result<(), ErrorCode>, AppError> {
    crate::assignments::rules::require_check_in(db, user, session_id).await?;
    if let Some(refused) = attendance_closed(db, session_id).await? {
        return Ok(Err(refused));
    }
    let mut tx = db.begin().await?;
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Err(ErrorCode::AttendanceLocked));
    }
    for (registration_id, attended) in store::attendance_in(&mut tx, session_id).await? {
        let wanted = present.contains(&registration_id);
        if !listed.contains(&registration_id) || wanted == attended {
            continue;
        }
        store::set_attended(&mut tx, registration_id, wanted, user.id).await?;
        crate::reach::store::attendance_changed(&mut tx, registration_id).await?;
        let detail = if wanted { "present (paper roster)" } else { "not present (paper roster)" };
        log(&mut *tx, user, Action::Update, "registration", registration_id, Some(detail)).await?;
    }
    for (row, walkin) in walkins {
        let row_key = format!("roster:{key}:{row}");
        if store::registration_with_key(&mut tx, &row_key).await?.is_some() {
            continue;
        }
        let id = store::add_walkin(&mut tx, session_id, walkin, &row_key, user.id).await?;
        crate::reach::store::attendance_changed(&mut tx, id).await?;
        log(&mut *tx, user, Action::Create, "registration", id, Some("walk-in (paper roster)"))
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}
