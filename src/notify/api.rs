//! Server functions for the call list, letters and outbox: staff and admins only.

use super::{CallEntry, LetterEntry, Outbox};
#[cfg(feature = "ssr")]
use crate::audit::store::log_list;
use crate::error::AppError;
use leptos::prelude::*;

/// The call list of a day (`YYYY-MM-DD`; anything else means today), with the day shown.
#[server(endpoint = "notify/calls")]
pub async fn call_list(date: String) -> Result<(String, Vec<CallEntry>), AppError> {
    use chrono::TimeZone;
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .ok()
        .filter(|d| d.succ_opt().is_some())
        .unwrap_or_else(crate::domain::today_in_japan);
    let start = |d: chrono::NaiveDate| {
        crate::domain::JAPAN
            .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map(|t| t.timestamp())
            .ok_or(AppError::Internal)
    };
    let text = day.format("%Y-%m-%d").to_string();
    let next = day.succ_opt().ok_or(AppError::Internal)?;
    let db = crate::web::db()?;
    let calls = super::store::calls(&db, &text, start(day)?, start(next)?).await?;
    log_list(&db, &user, "call list", "residents", calls.iter().map(|c| c.resident_id)).await?;
    Ok((text, calls))
}

/// Letters waiting to be printed.
#[server(endpoint = "notify/letters")]
pub async fn letters_to_print() -> Result<Vec<LetterEntry>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let letters = super::store::letters(&db, &[]).await?;
    log_list(&db, &user, "letters", "notices", letters.iter().map(|l| l.id)).await?;
    Ok(letters)
}

/// The email outbox, and whether email is configured at all.
#[server(endpoint = "notify/outbox")]
pub async fn load_outbox() -> Result<Outbox, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let state = crate::web::app_state()?;
    let entries = super::store::outbox(&state.db).await?;
    let ids = entries.iter().map(|e| e.resident_id);
    log_list(&state.db, &user, "outbox", "residents", ids).await?;
    Ok(Outbox { smtp_configured: state.config.smtp_configured, entries })
}
