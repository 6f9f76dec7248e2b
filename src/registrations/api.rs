//! Server functions for booking: staff and admins only.

use super::{BookingChoices, Readback, RosterEntry};
use crate::error::AppError;
use leptos::prelude::*;

/// Upcoming open sessions (optionally by topic and district), the sessions the resident is
/// already on, and a fresh key for the booking form.
#[server(endpoint = "registrations/choices")]
pub async fn load_booking_choices(
    resident_id: i64,
    topic: Option<i64>,
    district: Option<i64>,
) -> Result<BookingChoices, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    use crate::audit::store::{log, Action};
    log(&db.pool, &user, Action::Read, "resident", resident_id, Some("booking choices")).await?;
    let filter = crate::sessions::SessionFilter {
        topic,
        district,
        ..crate::sessions::SessionFilter::default()
    };
    let now = crate::db::now();
    let sessions = crate::sessions::store::list(&db, &filter)
        .await?
        .into_iter()
        .filter(|s| s.status == crate::sessions::Status::Scheduled && s.starts_at > now)
        .collect();
    Ok(BookingChoices {
        sessions,
        registered: super::store::registered_sessions(&db, resident_id).await?,
        idempotency_key: crate::auth::signin::new_token(),
        topics: crate::sessions::store::topics(&db).await?,
        districts: crate::directory::store::districts(&db).await?,
    })
}

/// What to read aloud to the caller about their booking.
#[server(endpoint = "registrations/readback")]
pub async fn load_readback(id: i64) -> Result<Readback, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let readback =
        super::store::readback(&db, id).await?.ok_or_else(|| AppError::NotFound.respond())?;
    let resident = [readback.resident_id];
    crate::audit::store::log_list(&db, &user, "read-back", "residents", resident).await?;
    Ok(readback)
}

/// Who is booked on a session and who waits, with phone numbers to call.
#[server(endpoint = "registrations/roster")]
pub async fn session_roster(session_id: i64) -> Result<Vec<RosterEntry>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let roster = super::store::roster(&db, session_id).await?;
    let ids = roster.iter().map(|r| r.resident_id);
    crate::audit::store::log_list(&db, &user, "session roster", "residents", ids).await?;
    Ok(roster)
}
