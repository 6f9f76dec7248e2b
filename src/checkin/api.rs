//! Server functions for check-in: whoever runs the session at the door (assigned
//! volunteers, the host's coordinator, staff, admins). No contact data is sent.

use super::CheckinSheet;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "checkin/sheet")]
pub async fn load_checkin_sheet(session_id: i64) -> Result<CheckinSheet, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::server::db()?;
    let session = crate::sessions::store::get(&db, session_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    if !crate::assignments::store::may_check_in(&db, &user, session_id).await? {
        return Err(AppError::Forbidden.respond());
    }
    let s = session.summary;
    Ok(CheckinSheet {
        session_id,
        title: s.title,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        venue_name: s.venue_name,
        entries: super::store::entries(&db, session_id).await?,
        districts: crate::directory::store::districts(&db).await?,
        walkin_key: crate::auth::session::new_token(),
        locked: crate::reports::store::is_finalised(&db, session_id).await?,
    })
}

/// Marks a place present (or not); returns the state now stored. Safe to repeat.
#[server(endpoint = "checkin/mark")]
pub async fn mark_attendance(registration_id: i64, present: bool) -> Result<bool, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::server::db()?;
    let session_id = super::store::session_of(&db, registration_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    if !crate::assignments::store::may_check_in(&db, &user, session_id).await? {
        return Err(AppError::Forbidden.respond());
    }
    if crate::reports::store::is_finalised(&db, session_id).await? {
        return Err(
            AppError::Invalid(crate::i18n::Localized::of(|m| m.day.err_report_locked)).respond(),
        );
    }
    if !super::store::set_attended(&db, registration_id, present, user.id).await? {
        return Err(AppError::NotFound.respond());
    }
    Ok(present)
}
