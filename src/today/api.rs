//! Server functions of the today page: every signed-in role reads its own day; a session's
//! demand warnings go to whoever may edit the session.

use super::{TodayData, Warning};
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's today page.
#[server(endpoint = "today")]
pub async fn load_today() -> Result<TodayData, AppError> {
    let user = crate::auth::require(crate::auth::Area::Home)?;
    let state = crate::web::app_state()?;
    Ok(super::gather::today(&state.db, &user, state.config.smtp_configured, crate::db::now())
        .await?)
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
    let (_, per_supporter) = crate::supporters::store::settings(&db).await?;
    Ok(super::store::session(&db, session_id, per_supporter)
        .await?
        .map(|s| s.warnings)
        .unwrap_or_default())
}
