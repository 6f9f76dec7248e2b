//! The reach dashboard's server function: `Area::Reports` (reviewers, staff, admins);
//! aggregates only.

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
