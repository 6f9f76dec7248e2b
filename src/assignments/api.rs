//! Server functions for assignments. Helpers are users (names only, no contact data).

use super::{MySessions, SessionHelpers};
use crate::error::AppError;
use leptos::prelude::*;

/// The helpers of a session, and what the caller may do about them.
#[server(endpoint = "assignments/session")]
pub async fn load_session_helpers(session_id: i64) -> Result<SessionHelpers, AppError> {
    use crate::auth::Role;
    let user = crate::auth::require(crate::auth::Area::Sessions)?;
    let db = crate::web::db()?;
    let session = crate::sessions::store::get(&db, session_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    let s = &session.summary;
    let helpers = super::store::helpers(&db, session_id).await?;
    let on_list = helpers.iter().any(|h| h.user_id == user.id);
    let candidates = if crate::sessions::rules::may_edit(&user, s.host_id) {
        let partner = (user.role == Role::Coordinator).then_some(user.partner_id).flatten();
        super::store::volunteers(&db, partner).await?
    } else {
        Vec::new()
    };
    let open = s.status == crate::sessions::Status::Scheduled && s.starts_at > crate::db::now();
    let may_offer = user.role == Role::Volunteer
        && open
        && !on_list
        && match user.partner_id {
            Some(p) => super::store::hosted_by(&db, session_id, p).await?,
            None => false,
        };
    Ok(SessionHelpers {
        helpers,
        candidates,
        may_offer,
        may_check_in: super::store::may_check_in(&db, &user, session_id).await?,
    })
}

/// The caller's sessions, and (for a volunteer) their partner's open sessions to offer for.
#[server(endpoint = "assignments/mine")]
pub async fn load_my_sessions() -> Result<MySessions, AppError> {
    let user = crate::auth::require(crate::auth::Area::Home)?;
    let db = crate::web::db()?;
    let mut assigned = Vec::new();
    for (id, role) in super::store::assigned_sessions(&db, user.id).await? {
        if let Some(s) = crate::sessions::store::get(&db, id).await? {
            assigned.push((s.summary, role));
        }
    }
    let open = match (user.role, user.partner_id) {
        (crate::auth::Role::Volunteer, Some(p)) => {
            let filter = crate::sessions::SessionFilter { partner: Some(p), ..Default::default() };
            let now = crate::db::now();
            crate::sessions::store::list(&db, &filter)
                .await?
                .into_iter()
                .filter(|s| {
                    s.status == crate::sessions::Status::Scheduled
                        && s.starts_at > now
                        && !assigned.iter().any(|(a, _)| a.id == s.id)
                })
                .take(20)
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(MySessions { assigned, open, now: crate::db::now() })
}
