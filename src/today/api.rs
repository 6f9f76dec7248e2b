//! Server functions of the today page: every signed-in role reads its own day; a session's
//! demand warnings go to whoever may edit the session.

use super::{TodayData, Warning};
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's today page. Sessions whose warnings count booked people by phone or needs
/// are audited as one list read.
#[server(endpoint = "today")]
pub async fn load_today() -> Result<TodayData, AppError> {
    let user = crate::auth::require(crate::auth::Area::Home)?;
    let state = crate::web::app_state()?;
    let day =
        super::ops::today(&state.db, &user, state.config.smtp_configured, crate::db::now()).await?;
    let sessions = day
        .desk
        .iter()
        .flat_map(|d| &d.sessions)
        .chain(day.partner.iter().flat_map(|p| &p.sessions));
    let read: Vec<i64> = sessions
        .filter(|s| s.warnings.iter().any(Warning::from_personal_data))
        .map(|s| s.id)
        .collect();
    if !read.is_empty() {
        crate::audit::store::log_list(&state.db, &user, "demand warnings", "sessions", read)
            .await?;
    }
    Ok(day)
}

/// A session's demand warnings, for whoever may edit it (staff and admins, the host's
/// coordinator); refused to anyone else.
#[server(endpoint = "today/session-warnings")]
pub async fn load_session_warnings(session_id: i64) -> Result<Vec<Warning>, AppError> {
    let user = crate::auth::require(crate::auth::Area::SessionsEdit)?;
    let db = crate::web::db()?;
    let (host, _, _) = crate::sessions::store::host_and_seats(&db, session_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    if !crate::sessions::rules::may_edit(&user, host) {
        return Err(AppError::Forbidden.respond());
    }
    let warnings = super::ops::session_warnings(&db, session_id).await?.unwrap_or_default();
    if warnings.iter().any(Warning::from_personal_data) {
        crate::audit::store::log_list(&db, &user, "demand warnings", "sessions", [session_id])
            .await?;
    }
    Ok(warnings)
}
