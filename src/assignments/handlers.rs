//! Form routes for assignments: staff and the host's coordinator assign and remove
//! volunteers; a volunteer offers to help at their partner's open sessions.

use super::{store, AssignmentRole};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{Area, Role};
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

#[derive(serde::Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    helper: String,
    #[serde(default)]
    role: String,
}

async fn audit(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    session_id: i64,
    detail: &str,
) -> sqlx::Result<()> {
    record(
        &state.db.pool,
        Some(user.into()),
        Action::Update,
        "session",
        &session_id.to_string(),
        Some(detail),
    )
    .await
}

/// The form-route guard of everything done at the door (check-in, walk-ins, loans, the
/// report): `Err` is the answer to send (403, or 500 when the database fails).
pub async fn require_check_in(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    session_id: i64,
) -> Result<(), Response> {
    match store::may_check_in(&state.db, user, session_id).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(error_page(StatusCode::FORBIDDEN)),
        Err(e) => Err(internal_error(e)),
    }
}

/// `POST /forms/sessions/{id}/helpers`: assigns a volunteer as lead or assistant.
pub async fn assign(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(session_id): Path<i64>,
    Form(form): Form<AssignForm>,
) -> Response {
    let user = match form_user(&request, Area::SessionsEdit) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let host = match crate::sessions::store::host_and_seats(&state.db, session_id).await {
        Ok(Some((host, _, _))) => host,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    if !crate::sessions::handlers::may_edit(&user, host) {
        return error_page(StatusCode::FORBIDDEN);
    }
    let page = format!("/sessions/{session_id}");
    let mut feedback = Feedback::new();
    feedback.keep("helper", &form.helper);
    let partner = (user.role == Role::Coordinator)
        .then_some(user.partner_id)
        .flatten();
    let candidates = match store::volunteers(&state.db, partner).await {
        Ok(c) => c,
        Err(e) => return internal_error(e),
    };
    let helper = form
        .helper
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| candidates.iter().any(|(c, _)| c == id));
    let role = AssignmentRole::from_code(form.role.trim());
    let (Some(helper), Some(role)) = (helper, role) else {
        feedback.error("helper", "choice_required");
        return feedback.redirect(&page);
    };
    let result = async {
        store::assign(&state.db, session_id, helper, role, false, user.id).await?;
        audit(
            &state,
            &user,
            session_id,
            &format!("helper {helper} {}", role.code()),
        )
        .await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&page, "helper_assigned"),
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/sessions/{id}/helpers/{user}/remove`: by staff or the host's coordinator,
/// or by the volunteer themselves.
pub async fn remove(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path((session_id, helper)): Path<(i64, i64)>,
) -> Response {
    let user = match form_user(&request, Area::Sessions) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let host = match crate::sessions::store::host_and_seats(&state.db, session_id).await {
        Ok(Some((host, _, _))) => host,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    if helper != user.id && !crate::sessions::handlers::may_edit(&user, host) {
        return error_page(StatusCode::FORBIDDEN);
    }
    let result = async {
        let done = store::unassign(&state.db, session_id, helper).await?;
        if done {
            audit(
                &state,
                &user,
                session_id,
                &format!("helper {helper} removed"),
            )
            .await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&format!("/sessions/{session_id}"), "helper_removed"),
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/sessions/{id}/offer`: a volunteer offers to help at their partner's session.
pub async fn offer(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(session_id): Path<i64>,
) -> Response {
    let user = match form_user(&request, Area::MySessions) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let open = match crate::sessions::store::get(&state.db, session_id).await {
        Ok(Some(s)) => {
            s.summary.status == crate::sessions::Status::Scheduled
                && s.summary.starts_at > crate::db::now()
        }
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    let ours = match user.partner_id {
        Some(p) => match store::hosted_by(&state.db, session_id, p).await {
            Ok(v) => v,
            Err(e) => return internal_error(e),
        },
        None => false,
    };
    if !ours {
        return error_page(StatusCode::FORBIDDEN);
    }
    if !open {
        let mut feedback = Feedback::new();
        feedback.error("offer", "session_closed");
        return feedback.redirect(&format!("/sessions/{session_id}"));
    }
    let result = async {
        if !store::is_assigned(&state.db, session_id, user.id).await? {
            store::assign(
                &state.db,
                session_id,
                user.id,
                AssignmentRole::Assistant,
                true,
                user.id,
            )
            .await?;
            audit(&state, &user, session_id, "offered to help").await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice("/my-sessions", "helper_offered"),
        Err(e) => internal_error(e),
    }
}
