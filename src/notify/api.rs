//! Server functions for the call list, letters and outbox: staff and admins only.

use super::{CallEntry, LetterEntry, Outbox};
use crate::error::AppError;
use leptos::prelude::*;

/// The call list of a day (`YYYY-MM-DD`; anything else means today), with the day shown.
#[server(endpoint = "notify/calls")]
pub async fn call_list(date: String) -> Result<(String, Vec<CallEntry>), AppError> {
    use chrono::TimeZone;
    crate::auth::require(crate::auth::Area::Residents)?;
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .unwrap_or_else(|_| crate::domain::today_in_japan());
    let start = |d: chrono::NaiveDate| {
        crate::domain::JAPAN
            .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map(|t| t.timestamp())
            .ok_or(AppError::Internal)
    };
    let text = day.format("%Y-%m-%d").to_string();
    let calls = super::store::calls(
        &crate::web::db()?,
        &text,
        start(day)?,
        start(day + chrono::Duration::days(1))?,
    )
    .await?;
    Ok((text, calls))
}

/// Letters waiting to be printed.
#[server(endpoint = "notify/letters")]
pub async fn letters_to_print() -> Result<Vec<LetterEntry>, AppError> {
    crate::auth::require(crate::auth::Area::Residents)?;
    Ok(super::store::letters(&crate::web::db()?, &[]).await?)
}

/// The email outbox, and whether email is configured at all.
#[server(endpoint = "notify/outbox")]
pub async fn load_outbox() -> Result<Outbox, AppError> {
    crate::auth::require(crate::auth::Area::Residents)?;
    let state = crate::web::app_state()?;
    Ok(Outbox {
        smtp_configured: state.config.smtp_configured,
        entries: super::store::outbox(&state.db).await?,
    })
}
