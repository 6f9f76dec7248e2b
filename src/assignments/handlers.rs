//! Form routes for assignments: staff and the host's coordinator assign and remove
//! volunteers; a volunteer offers to help at their partner's open sessions.

use super::{ops, store, AssignmentRole};
use crate::auth::{Area, Role};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::sessions::rules::may_edit;
use crate::ui::form::{redirect_with_notice, Feedback, Plain};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

#[derive(serde::Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    helper: String,
    #[serde(default)]
    role: String,
}

/// The host partner of a session (404 when there is no such session).
async fn host_of(state: &AppState, session_id: i64) -> Result<i64, AppError> {
    let (host, _, _) = crate::sessions::store::host_and_seats(&state.db, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(host)
}

/// `POST /forms/sessions/{id}/helpers`: assigns a volunteer as lead or assistant.
pub async fn assign(
    State(state): State<AppState>,
    request: Caller,
    Path(session_id): Path<i64>,
    Plain(form): Plain<AssignForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    if !may_edit(&user, host_of(&state, session_id).await?) {
        return Err(AppError::Forbidden);
    }
    let page = format!("/sessions/{session_id}");
    let mut feedback = Feedback::new();
    feedback.keep("helper", &form.helper);
    let partner = (user.role == Role::Coordinator).then_some(user.partner_id).flatten();
    let candidates = store::volunteers(&state.db, partner).await?;
    let helper =
        form.helper.trim().parse::<i64>().ok().filter(|id| candidates.iter().any(|(c, _)| c == id));
    let role = AssignmentRole::from_code(form.role.trim());
    let (Some(helper), Some(role)) = (helper, role) else {
        feedback.error("helper", ErrorCode::ChoiceRequired);
        return Ok(feedback.redirect(&page));
    };
    ops::assign(&state.db, &user, session_id, helper, role, false).await?;
    Ok(redirect_with_notice(&page, NoticeCode::HelperAssigned))
}

/// `POST /forms/sessions/{id}/helpers/{user}/remove`: by staff or the host's coordinator,
/// or by the volunteer themselves.
pub async fn remove(
    State(state): State<AppState>,
    request: Caller,
    Path((session_id, helper)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Sessions)?;
    let host = host_of(&state, session_id).await?;
    if helper != user.id && !may_edit(&user, host) {
        return Err(AppError::Forbidden);
    }
    ops::unassign(&state.db, &user, session_id, helper).await?;
    Ok(redirect_with_notice(&format!("/sessions/{session_id}"), NoticeCode::HelperRemoved))
}

/// `POST /forms/sessions/{id}/offer`: a volunteer offers to help at their partner's session.
pub async fn offer(
    State(state): State<AppState>,
    request: Caller,
    Path(session_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::MySessions)?;
    let session =
        crate::sessions::store::get(&state.db, session_id).await?.ok_or(AppError::NotFound)?;
    let open = session.summary.status == crate::sessions::Status::Scheduled
        && session.summary.starts_at > crate::db::now();
    let ours = match user.partner_id {
        Some(p) => store::hosted_by(&state.db, session_id, p).await?,
        None => false,
    };
    if !ours {
        return Err(AppError::Forbidden);
    }
    if !open {
        let mut feedback = Feedback::new();
        feedback.error("offer", ErrorCode::SessionClosed);
        return Ok(feedback.redirect(&format!("/sessions/{session_id}")));
    }
    if !store::is_assigned(&state.db, session_id, user.id).await? {
        ops::assign(&state.db, &user, session_id, user.id, AssignmentRole::Assistant, true).await?;
    }
    Ok(redirect_with_notice("/my-sessions", NoticeCode::HelperOffered))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/sessions/{id}/helpers", post(assign))
        .route("/forms/sessions/{id}/helpers/{user}/remove", post(remove))
        .route("/forms/sessions/{id}/offer", post(offer))
}
