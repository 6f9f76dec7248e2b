//! Form routes for loaner devices: add to the inventory, lend, tick returned and reset.

use super::{ops, DeviceOs};
use crate::assignments::rules::AtTheDoor;
use crate::auth::{Area, Role};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

/// `POST /forms/devices`: adds a device to a partner's inventory (a coordinator: their own).
pub async fn add(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Devices)?;
    let label = fields.one("label");
    if label.is_empty() {
        feedback.error("label", ErrorCode::Required);
    } else if label.chars().count() > 50 {
        feedback.error("label", ErrorCode::TooLong);
    }
    let model = fields.one("model");
    if model.chars().count() > 100 {
        feedback.error("model", ErrorCode::TooLong);
    }
    let os = DeviceOs::from_code(fields.one("os"));
    if os.is_none() {
        feedback.error("os", ErrorCode::ChoiceRequired);
    }
    let partner = match (user.role, user.partner_id) {
        (Role::Coordinator, p) => p,
        _ => fields.one("partner_id").parse::<i64>().ok(),
    };
    let partner_ok = match partner {
        Some(p) => matches!(crate::directory::store::partner(&state.db, p).await, Ok(Some(_))),
        None => false,
    };
    if !partner_ok {
        feedback.error("partner_id", ErrorCode::ChoiceRequired);
    }
    let (Some(os), Some(partner), false) = (os, partner, feedback.has_errors()) else {
        return Ok(feedback.redirect("/devices"));
    };
    if ops::add_device(&state.db, &user, partner, label, os, model).await?.is_none() {
        feedback.error("label", ErrorCode::NameTaken);
        return Ok(feedback.redirect("/devices"));
    }
    Ok(redirect_with_notice("/devices", NoticeCode::DeviceAdded))
}

/// `POST /forms/sessions/{id}/loans`: lends a device to a participant.
pub async fn lend(
    State(state): State<AppState>,
    AtTheDoor { user, session_id }: AtTheDoor,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let page = format!("/sessions/{session_id}/checkin");
    // A due date makes it a home loan: from tomorrow, within the longest home loan.
    let due_on = fields.date(&mut feedback, "due_on");
    let today = crate::domain::today_in_japan();
    if due_on.is_some_and(|d| !super::home_due_ok(d, today)) {
        feedback.error("due_on", ErrorCode::LoanDueInvalid);
    }
    let (Ok(registration), Ok(device)) =
        (fields.one("registration_id").parse::<i64>(), fields.one("device_id").parse::<i64>())
    else {
        feedback.error("device_id", ErrorCode::ChoiceRequired);
        return Ok(feedback.redirect(&page));
    };
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    if !ops::lend(&state.db, &user, session_id, registration, device, due_on, None).await? {
        feedback.error("device_id", ErrorCode::DeviceUnavailable);
        return Ok(feedback.redirect(&page));
    }
    Ok(redirect_with_notice(&page, NoticeCode::DeviceLent))
}

/// `POST /forms/loans/{id}/{check}`: ticks `returned` or `wiped` on the checklist.
pub async fn tick(
    State(state): State<AppState>,
    request: Caller,
    Path((loan, check)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Checkin)?;
    let session_id = super::store::session_of(&state.db, loan).await?.ok_or(AppError::NotFound)?;
    crate::assignments::rules::require_check_in(&state.db, &user, session_id).await?;
    if check != "returned" && check != "wiped" {
        return Err(AppError::NotFound);
    }
    let page = format!("/sessions/{session_id}/checkin");
    if !ops::tick(&state.db, &user, session_id, loan, &check, None).await? {
        let mut feedback = Feedback::new();
        feedback.error("loans", ErrorCode::LoanCheckRefused);
        return Ok(feedback.redirect(&page));
    }
    Ok(redirect_with_notice(
        &page,
        if check == "returned" {
            crate::i18n::NoticeCode::DeviceReturned
        } else {
            crate::i18n::NoticeCode::DeviceWiped
        },
    ))
}

/// `POST /forms/loans/{id}/home-return`: a phone lent home is back, with its `condition`
/// (good, damaged, lost), a `note`, and `wiped=1` when it was reset at once. Staff and
/// admins, or the coordinator of the partner whose phone it is.
pub async fn return_home(
    State(state): State<AppState>,
    request: Caller,
    Path(loan): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Devices)?;
    let partner =
        super::store::partner_of_loan(&state.db, loan).await?.ok_or(AppError::NotFound)?;
    if user.role == Role::Coordinator && user.partner_id != Some(partner) {
        return Err(AppError::Forbidden);
    }
    // One form per loan on the page: its errors are told above the list.
    let condition = fields.one("condition");
    if !super::CONDITIONS.contains(&condition) {
        feedback.error("home_return", ErrorCode::ChoiceRequired);
    }
    let note = fields.one("note");
    if note.chars().count() > 500 {
        feedback.error("home_return", ErrorCode::TextTooLong);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect("/devices"));
    }
    let wiped = fields.one("wiped") == "1";
    if !ops::return_home(&state.db, &user, loan, condition, note, wiped).await? {
        feedback.error("home_return", ErrorCode::LoanCheckRefused);
        return Ok(feedback.redirect("/devices"));
    }
    Ok(redirect_with_notice("/devices", NoticeCode::DeviceReturnedHome))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/devices", post(add))
        .route("/forms/sessions/{id}/loans", post(lend))
        .route("/forms/loans/{id}/home-return", post(return_home))
        .route("/forms/loans/{id}/{check}", post(tick))
}
