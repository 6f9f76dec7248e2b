//! Server functions for session reports: whoever may run the session's check-in.

use super::SessionReport;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "reports/session")]
pub async fn load_report(session_id: i64) -> Result<SessionReport, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::web::db()?;
    if !crate::assignments::store::may_check_in(&db, &user, session_id).await? {
        return Err(AppError::Forbidden.respond());
    }
    let mut report =
        super::store::report(&db, session_id).await?.ok_or_else(|| AppError::NotFound.respond())?;
    report.may_reopen = user.role == crate::auth::Role::Admin && report.finalised.is_some();
    Ok(report)
}
