//! Server functions for check-in: whoever runs the session at the door (assigned
//! volunteers, the host's coordinator, staff, admins). No contact data is sent.

use super::CheckinSheet;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "checkin/sheet")]
pub async fn load_checkin_sheet(session_id: i64) -> Result<CheckinSheet, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::web::db()?;
    let session = crate::sessions::store::get(&db, session_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    crate::assignments::rules::require_check_in(&db, &user, session_id)
        .await
        .map_err(AppError::respond)?;
    let s = session.summary;
    let entries = super::store::entries(&db, session_id).await?;
    let ids = entries.iter().map(|e| e.registration_id);
    crate::audit::store::log_list(&db, &user, "check-in sheet", "registrations", ids).await?;
    Ok(CheckinSheet {
        session_id,
        title: s.title,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        venue_name: s.venue_name,
        entries,
        districts: crate::directory::store::districts(&db).await?,
        walkin_key: crate::auth::signin::new_token(),
        closed: super::ops::attendance_closed(&db, session_id).await?,
    })
}

/// Marks a place present (or not); returns the state now stored. Safe to repeat.
#[server(endpoint = "checkin/mark")]
pub async fn mark_attendance(registration_id: i64, present: bool) -> Result<bool, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::web::db()?;
    let marked = super::ops::mark_attendance(&db, &user, registration_id, present)
        .await
        .map_err(AppError::respond)?;
    if let Some(refused) = marked.refused {
        return Err(AppError::Invalid(refused.into()).respond());
    }
    Ok(present)
}
