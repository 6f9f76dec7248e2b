//! Form routes for booking and cancelling places (post/redirect/get), staff and admins.

use super::ops;
use super::store::Booked;
use crate::auth::middleware::safe_next;
use crate::auth::Area;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Plain};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

#[derive(serde::Deserialize)]
pub struct BookForm {
    #[serde(default)]
    session_id: String,
    #[serde(default)]
    resident_id: String,
    #[serde(default)]
    key: String,
    /// A paper-support request this booking refers to a workshop.
    #[serde(default)]
    support_request: String,
}

/// `POST /forms/registrations`: books a resident on a session, or puts them on its
/// waitlist; then shows the read-back script. With `support_request`, the request is
/// marked referred to this booking in the same transaction.
pub async fn book(
    State(state): State<AppState>,
    request: Caller,
    Plain(form): Plain<BookForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let (Ok(session_id), Ok(resident_id)) =
        (form.session_id.trim().parse::<i64>(), form.resident_id.trim().parse::<i64>())
    else {
        return Err(AppError::BadRequest);
    };
    let support_request = form.support_request.trim().parse::<i64>().ok();
    let page = match support_request {
        Some(id) => format!("/support/{id}"),
        None => format!("/residents/{resident_id}"),
    };
    let mut feedback = Feedback::new();
    let key = form.key.trim();
    if key.is_empty() || key.len() > 100 {
        feedback.error("booking", ErrorCode::BookingExpired);
        return Ok(feedback.redirect(&page));
    }
    let booked = ops::book(&state.db, &user, session_id, resident_id, key, support_request).await?;
    Ok(match booked {
        Booked::Confirmed(id) => {
            redirect_with_notice(&format!("/registrations/{id}"), NoticeCode::Booked)
        }
        Booked::Waitlisted(id) => {
            redirect_with_notice(&format!("/registrations/{id}"), NoticeCode::Waitlisted)
        }
        Booked::Replayed(id) => {
            redirect_with_notice(&format!("/registrations/{id}"), NoticeCode::BookedBefore)
        }
        Booked::AlreadyRegistered(_) => {
            feedback.error("booking", ErrorCode::AlreadyRegistered);
            feedback.redirect(&page)
        }
        Booked::Closed => {
            feedback.error("booking", ErrorCode::SessionClosed);
            feedback.redirect(&page)
        }
        Booked::Erased => {
            feedback.error("booking", ErrorCode::ErasedResident);
            feedback.redirect(&page)
        }
        Booked::NoResident => return Err(AppError::NotFound),
    })
}

#[derive(serde::Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    back: String,
}

/// `POST /forms/registrations/{id}/cancel`: cancels with a reason; the first person on
/// the waitlist moves up and is owed a notice.
pub async fn cancel(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Plain(form): Plain<CancelForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    // Back to the page the form was on, without its old notices and errors.
    let back = safe_next(&form.back).split(['?', '#']).next().unwrap_or("/").to_string();
    let reason = form.reason.trim();
    let mut feedback = Feedback::new();
    let field = format!("reason_{id}");
    feedback.keep(&field, reason);
    if reason.is_empty() {
        feedback.error(&field, ErrorCode::Required);
    } else if reason.chars().count() > 500 {
        feedback.error(&field, ErrorCode::TextTooLong);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&back));
    }
    if ops::cancel(&state.db, &user, id, reason).await? {
        Ok(redirect_with_notice(&back, NoticeCode::RegistrationCancelled))
    } else {
        feedback.error(&field, ErrorCode::NotLive);
        Ok(feedback.redirect(&back))
    }
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/registrations", post(book))
        .route("/forms/registrations/{id}/cancel", post(cancel))
}
