//! Server functions for check-in: whoever runs the session at the door (assigned
//! volunteers, the host's coordinator, staff, admins). No contact data is sent.

use super::{CheckinSheet, Synced, Tap};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

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
    let closed = super::ops::attendance_closed(&db, session_id).await?;
    // Kept on the phone from the day before until the end of the session's day, while
    // attendance can still be taken.
    let day = crate::domain::day_in_japan(s.starts_at);
    let today = crate::domain::today_in_japan();
    let offline_until = (closed != Some(crate::i18n::ErrorCode::AttendanceLocked)
        && (day == today || day.pred_opt() == Some(today)))
    .then(|| day.format("%Y-%m-%d").to_string());
    let entries = super::ops::entries(&db, &user, session_id).await?;
    Ok(CheckinSheet {
        session_id,
        title: s.title,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        venue_name: s.venue_name,
        entries,
        districts: crate::directory::store::districts(&db).await?,
        walkin_key: crate::auth::signin::new_token(),
        closed,
        offline_until,
        made_at: crate::db::now(),
    })
}

/// Sends the taps a check-in phone queued, in order; each applies once however often it
/// is sent. Answers what came of each and the list as it now stands
/// ([`super::ops::sync`]). JSON, as the taps are a list of records.
#[server(endpoint = "checkin/sync", input = Json)]
pub async fn sync_checkin(session_id: i64, taps: Vec<Tap>) -> Result<Synced, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    if taps.len() > 500 {
        return Err(AppError::BadRequest.respond());
    }
    let db = crate::web::db()?;
    crate::sessions::store::get(&db, session_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    super::ops::sync(&db, &user, session_id, &taps).await.map_err(AppError::respond)
}
