//! Calendar feed routes: the public feed of sessions, each user's private feed at a secret
//! address, and resetting that address.

use super::ical::{calendar, rows, FeedScope};
use super::ops;
use crate::auth::{Area, Role};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::NoticeCode;
use crate::ui::form::redirect_with_notice;
use crate::web::{AppState, RequestSession};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header;

fn ics(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        body,
    )
        .into_response()
}

/// `GET /calendar/sessions.ics`: every session, no personal data, no sign-in.
pub async fn public(State(db): State<Db>) -> Result<Response, AppError> {
    let list = rows(&db, FeedScope::All).await?;
    Ok(ics(calendar("東大和市 スマートフォン体験会", &list, false)))
}

/// `GET /calendar/private/{token}.ics`: a user's own feed, with the notes for volunteers.
/// Volunteers get the sessions they are assigned to, coordinators their partner's sessions,
/// city users all.
pub async fn private(State(db): State<Db>, Path(file): Path<String>) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let owner: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.id, u.role, u.partner_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token = $1 AND u.disabled = 0",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await?;
    let (user, role, partner) = owner.ok_or(AppError::NotFound)?;
    let scope = match (Role::from_code(&role), partner) {
        (Some(Role::Volunteer), _) => FeedScope::Assigned(user),
        (Some(Role::Coordinator), Some(p)) => FeedScope::Partner(p),
        _ => FeedScope::All,
    };
    let list = rows(&db, scope).await?;
    Ok(ics(calendar("よりそい 体験会（個人用）", &list, true)))
}

/// The private feed token of a user, if one was made.
pub async fn token_of(db: &Db, user_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT token FROM calendar_tokens WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

/// `POST /auth/calendar`: makes a new secret address; the old one stops working.
pub async fn reset(
    State(state): State<AppState>,
    request: RequestSession,
) -> Result<Response, AppError> {
    let user = request.require(Area::Home)?;
    ops::reset_calendar_feed(&state.db, &user).await?;
    Ok(redirect_with_notice(
        "/account/calendar",
        NoticeCode::CalendarReset,
    ))
}
