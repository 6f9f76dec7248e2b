//! Form routes for loaner devices: add to the inventory, lend, tick returned and reset.

use super::{store, DeviceOs};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{Area, Role};
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

/// `POST /forms/devices`: adds a device to a partner's inventory (a coordinator: their own).
pub async fn add(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Devices) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let label = fields.one("label");
    if label.is_empty() {
        feedback.error("label", "required");
    } else if label.chars().count() > 50 {
        feedback.error("label", "too_long");
    }
    let model = fields.one("model");
    if model.chars().count() > 100 {
        feedback.error("model", "too_long");
    }
    let os = DeviceOs::from_code(fields.one("os"));
    if os.is_none() {
        feedback.error("os", "choice_required");
    }
    let partner = match (user.role, user.partner_id) {
        (Role::Coordinator, p) => p,
        _ => fields.one("partner_id").parse::<i64>().ok(),
    };
    let partner_ok = match partner {
        Some(p) => matches!(
            crate::directory::store::partner(&state.db, p).await,
            Ok(Some(_))
        ),
        None => false,
    };
    if !partner_ok {
        feedback.error("partner_id", "choice_required");
    }
    let (Some(os), Some(partner), false) = (os, partner, feedback.has_errors()) else {
        return feedback.redirect("/devices");
    };
    match store::add_device(&state.db, partner, label, os, model).await {
        Ok(Some(id)) => {
            if let Err(e) = record(
                &state.db.pool,
                Some((&user).into()),
                Action::Create,
                "device",
                &id.to_string(),
                None,
            )
            .await
            {
                return internal_error(e);
            }
            redirect_with_notice("/devices", "device_added")
        }
        Ok(None) => {
            feedback.error("label", "name_taken");
            feedback.redirect("/devices")
        }
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/sessions/{id}/loans`: lends a device to a participant.
pub async fn lend(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(session_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Checkin) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    if let Err(answer) =
        crate::assignments::handlers::require_check_in(&state, &user, session_id).await
    {
        return answer;
    }
    let page = format!("/sessions/{session_id}/checkin");
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let (Ok(registration), Ok(device)) = (
        fields.one("registration_id").parse::<i64>(),
        fields.one("device_id").parse::<i64>(),
    ) else {
        feedback.error("device_id", "choice_required");
        return feedback.redirect(&page);
    };
    match store::lend(&state.db, session_id, registration, device, user.id).await {
        Ok(true) => {
            let detail = format!("device {device} to registration {registration}");
            if let Err(e) = record(
                &state.db.pool,
                Some((&user).into()),
                Action::Update,
                "session",
                &session_id.to_string(),
                Some(&detail),
            )
            .await
            {
                return internal_error(e);
            }
            redirect_with_notice(&page, "device_lent")
        }
        Ok(false) => {
            feedback.error("device_id", "device_unavailable");
            feedback.redirect(&page)
        }
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/loans/{id}/{check}`: ticks `returned` or `wiped` on the checklist.
pub async fn tick(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path((loan, check)): Path<(i64, String)>,
) -> Response {
    let user = match form_user(&request, Area::Checkin) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let session_id = match store::session_of(&state.db, loan).await {
        Ok(Some(s)) => s,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    if let Err(answer) =
        crate::assignments::handlers::require_check_in(&state, &user, session_id).await
    {
        return answer;
    }
    if check != "returned" && check != "wiped" {
        return error_page(StatusCode::NOT_FOUND);
    }
    let page = format!("/sessions/{session_id}/checkin");
    match store::tick(&state.db, loan, &check, user.id).await {
        Ok(true) => {
            let detail = format!("loan {loan} {check}");
            if let Err(e) = record(
                &state.db.pool,
                Some((&user).into()),
                Action::Update,
                "session",
                &session_id.to_string(),
                Some(&detail),
            )
            .await
            {
                return internal_error(e);
            }
            redirect_with_notice(
                &page,
                if check == "returned" {
                    "device_returned"
                } else {
                    "device_wiped"
                },
            )
        }
        Ok(false) => {
            let mut feedback = Feedback::new();
            feedback.error("loans", "loan_check_refused");
            feedback.redirect(&page)
        }
        Err(e) => internal_error(e),
    }
}
