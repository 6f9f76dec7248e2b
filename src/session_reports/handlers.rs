//! Form routes of the session report: save, finalise, and (admins) reopen.

use super::ops;
use super::store::{self, ReportInput};
use crate::assignments::rules::AtTheDoor;
use crate::auth::{Area, Role};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

const MAX_COUNT: i64 = 1000;

/// `POST /forms/sessions/{id}/report`: `action` = `save` or `finalise`.
pub async fn save(
    State(state): State<AppState>,
    AtTheDoor { user, session_id }: AtTheDoor,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let current = store::report(&state.db, session_id).await?.ok_or(AppError::NotFound)?;
    let page = format!("/sessions/{session_id}/report");
    if current.finalised.is_some() {
        feedback.error("report", ErrorCode::ReportLocked);
        return Ok(feedback.redirect(&page));
    }
    let attendees = current.attendees();
    let covered: Vec<i64> = fields.all("topic").iter().filter_map(|v| v.parse().ok()).collect();
    let mut topics = Vec::new();
    for t in &current.topics {
        let could = fields.count_up_to(
            &mut feedback,
            &format!("could_{}", t.id),
            attendees,
            ErrorCode::CountTooHigh,
        );
        if covered.contains(&t.id) {
            topics.push((t.id, could));
        }
    }
    if topics.is_empty() {
        feedback.error("topic", ErrorCode::TopicsRequired);
    }
    let mut satisfaction = [0; 5];
    for (n, slot) in satisfaction.iter_mut().enumerate() {
        *slot = fields.count(&mut feedback, &format!("sat_{}", n + 1), MAX_COUNT);
    }
    if satisfaction.iter().sum::<i64>() > attendees {
        feedback.error("sat_5", ErrorCode::AnswersExceedAttendees);
    }
    let helpers = current
        .helpers
        .iter()
        .map(|(id, _, _)| (*id, fields.count(&mut feedback, &format!("minutes_{id}"), 24 * 60)))
        .collect();
    let notes = fields.one("notes").to_string();
    let incidents = fields.one("incidents").to_string();
    for (name, text) in [("notes", &notes), ("incidents", &incidents)] {
        if text.chars().count() > 2000 {
            feedback.error(name, ErrorCode::TextTooLong);
        }
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let finalise = fields.one("action") == "finalise";
    let input = ReportInput { topics, satisfaction, helpers, notes, incidents };
    let refused = match ops::save(&state.db, &user, session_id, &input, finalise).await? {
        ops::Saved::Saved => None,
        ops::Saved::Locked => Some(ErrorCode::ReportLocked),
        ops::Saved::NotYours => Some(ErrorCode::ReportNotYours),
        ops::Saved::NotStarted => Some(ErrorCode::ReportNotStarted),
    };
    if let Some(code) = refused {
        feedback.error("report", code);
        return Ok(feedback.redirect(&page));
    }
    Ok(redirect_with_notice(
        &page,
        if finalise {
            crate::i18n::NoticeCode::ReportFinalised
        } else {
            crate::i18n::NoticeCode::Saved
        },
    ))
}

/// `POST /forms/sessions/{id}/report/reopen`: admins only; audited.
pub async fn reopen(
    State(state): State<AppState>,
    request: Caller,
    Path(session_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Checkin)?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    ops::reopen(&state.db, &user, session_id).await?;
    Ok(redirect_with_notice(&format!("/sessions/{session_id}/report"), NoticeCode::ReportReopened))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/sessions/{id}/report", post(save))
        .route("/forms/sessions/{id}/report/reopen", post(reopen))
}
