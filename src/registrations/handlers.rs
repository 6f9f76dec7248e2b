//! Form routes for booking and cancelling places (post/redirect/get), staff and admins.

use super::store::{self, Booked};
use crate::audit::store::{record, Action};
use crate::auth::middleware::{safe_next, RequestSession};
use crate::auth::Area;
use crate::notify::{store as notices, NoticeKind};
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use sqlx::{Any, Transaction};

/// Refills a session's freed seats from its waitlist and owes each person moved up a
/// notice. Returns the registrations promoted.
pub async fn refill(tx: &mut Transaction<'_, Any>, session_id: i64) -> sqlx::Result<Vec<i64>> {
    let promoted = store::fill_from_waitlist(tx, session_id).await?;
    for id in &promoted {
        notices::enqueue(tx, NoticeKind::Promotion, *id).await?;
        record(
            &mut **tx,
            None,
            Action::Update,
            "registration",
            &id.to_string(),
            Some("promoted"),
        )
        .await?;
    }
    Ok(promoted)
}

/// Cancels a registration with a reason, withdraws its pending notices and refills the seat.
/// Returns false if it was not live.
pub async fn cancel_and_refill(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    staff: i64,
    reason: &str,
) -> sqlx::Result<bool> {
    let Some(session_id) = store::cancel(tx, id, staff, reason).await? else {
        return Ok(false);
    };
    notices::withdraw_for_registration(tx, id).await?;
    refill(tx, session_id).await?;
    Ok(true)
}

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
    Extension(request): Extension<RequestSession>,
    Form(form): Form<BookForm>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let (Ok(session_id), Ok(resident_id)) = (
        form.session_id.trim().parse::<i64>(),
        form.resident_id.trim().parse::<i64>(),
    ) else {
        return error_page(http::StatusCode::BAD_REQUEST);
    };
    let support_request = form.support_request.trim().parse::<i64>().ok();
    let page = match support_request {
        Some(id) => format!("/support/{id}"),
        None => format!("/residents/{resident_id}"),
    };
    let mut feedback = Feedback::new();
    let key = form.key.trim();
    if key.is_empty() || key.len() > 100 {
        feedback.error("booking", "booking_expired");
        return feedback.redirect(&page);
    }
    match crate::residents::store::get(&state.db, resident_id).await {
        Ok(Some(r)) if r.merged_into.is_none() => {}
        Ok(_) => return error_page(http::StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    }
    let result = async {
        let (booked, tx) = store::book(&state.db, session_id, resident_id, key, user.id).await?;
        if let (Booked::Confirmed(id) | Booked::Waitlisted(id), Some(mut tx)) = (booked, tx) {
            if matches!(booked, Booked::Confirmed(_)) {
                notices::enqueue(&mut tx, NoticeKind::Confirmation, id).await?;
            }
            let detail = format!("session {session_id}");
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Create,
                "registration",
                &id.to_string(),
                Some(&detail),
            )
            .await?;
            if let Some(request) = support_request {
                if crate::support::store::mark_referred(&mut tx, request, resident_id, id).await? {
                    let detail = format!("referred: registration {id}");
                    record(
                        &mut *tx,
                        Some((&user).into()),
                        Action::Update,
                        "support_request",
                        &request.to_string(),
                        Some(&detail),
                    )
                    .await?;
                }
            }
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(booked)
    }
    .await;
    match result {
        Ok(Booked::Confirmed(id)) => {
            redirect_with_notice(&format!("/registrations/{id}"), "booked")
        }
        Ok(Booked::Waitlisted(id)) => {
            redirect_with_notice(&format!("/registrations/{id}"), "waitlisted")
        }
        Ok(Booked::Replayed(id)) => {
            redirect_with_notice(&format!("/registrations/{id}"), "booked_before")
        }
        Ok(Booked::AlreadyRegistered(_)) => {
            feedback.error("booking", "already_registered");
            feedback.redirect(&page)
        }
        Ok(Booked::Closed) => {
            feedback.error("booking", "session_closed");
            feedback.redirect(&page)
        }
        Err(e) => internal_error(e),
    }
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
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(form): Form<CancelForm>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    // Back to the page the form was on, without its old notices and errors.
    let back = safe_next(&form.back)
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let reason = form.reason.trim();
    let mut feedback = Feedback::new();
    let field = format!("reason_{id}");
    feedback.keep(&field, reason);
    if reason.is_empty() {
        feedback.error(&field, "required");
    } else if reason.chars().count() > 500 {
        feedback.error(&field, "text_too_long");
    }
    if feedback.has_errors() {
        return feedback.redirect(&back);
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let done = cancel_and_refill(&mut tx, id, user.id, reason).await?;
        if done {
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Cancel,
                "registration",
                &id.to_string(),
                Some(reason),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match result {
        Ok(true) => redirect_with_notice(&back, "registration_cancelled"),
        Ok(false) => {
            feedback.error(&field, "not_live");
            feedback.redirect(&back)
        }
        Err(e) => internal_error(e),
    }
}
