//! The reach dashboard's server functions: `Area::Reports` (reviewers, staff, admins);
//! aggregates only.

use super::sections::ReachView;
use super::ReachReport;
use crate::error::AppError;
use leptos::prelude::*;

/// The figures of a fiscal year (the current one by default), optionally some of its
/// months (1 = April … 12 = March), beside the same months a year before.
#[server(endpoint = "reports/reach")]
pub async fn load_reach(
    fy: Option<i32>,
    from: Option<u32>,
    to: Option<u32>,
) -> Result<ReachReport, AppError> {
    crate::auth::require(crate::auth::Area::Reports)?;
    let state = crate::web::app_state()?;
    let period = super::Period::new(crate::domain::FiscalYear::chosen(fy).start_year(), from, to);
    Ok(super::store::report(&state.db, period, state.config.publish_threshold).await?)
}

/// A whole fiscal year as published: the tables are built and suppressed here, in the
/// caller's language, and nothing else is sent, so no hidden count reaches the browser.
#[server(endpoint = "reports/reach/published")]
pub async fn load_published_reach(fy: Option<i32>) -> Result<ReachView, AppError> {
    crate::auth::require(crate::auth::Area::Reports)?;
    let state = crate::web::app_state()?;
    let locale = crate::web::extract::caller().unwrap_or_default().locale;
    let fy = crate::domain::FiscalYear::chosen(fy).start_year();
    let threshold = state.config.publish_threshold;
    Ok(super::ops::published(&state.db, fy, threshold, locale).await?)
}
