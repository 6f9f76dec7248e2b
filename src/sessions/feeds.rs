//! Calendar feed routes: the public feed of sessions, each user's private feed at a secret
//! address, and resetting that address.

use super::ical::{calendar, rows, FeedScope};
use super::{ops, store};
use crate::auth::{Area, Role};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::NoticeCode;
use crate::ui::form::redirect_with_notice;
use crate::web::{once, AppState, Caller};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header;

/// Carries a just-made private feed address to the calendar page, once.
pub const NEW_FEED_COOKIE: &str = crate::web::once::NEW_FEED;

/// A feed; `cache` is `public` for the feed anyone may read, `private` for a user's own.
fn ics(body: String, cache: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, cache)], body)
        .into_response()
}

/// `GET /calendar/sessions.ics`: every session, no personal data, no sign-in.
pub async fn public(State(db): State<Db>) -> Result<Response, AppError> {
    let list = rows(&db, FeedScope::All).await?;
    let name = super::ical::calendar_name(&db).await?;
    Ok(ics(calendar(&name, &list, false), "public, max-age=300"))
}

/// `GET /calendar/private/{token}.ics`: a user's own feed, with the notes for volunteers.
/// Volunteers get the sessions they are assigned to, coordinators their partner's sessions,
/// city users all.
pub async fn private(State(db): State<Db>, Path(file): Path<String>) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let owner = store::calendar_owner(&db, &crate::auth::signin::hash_token(token)).await?;
    let (user, role, partner) = owner.ok_or(AppError::NotFound)?;
    let scope = match (Role::from_code(&role), partner) {
        (Some(Role::Volunteer), _) => FeedScope::Assigned(user),
        (Some(Role::Coordinator), Some(p)) => FeedScope::Partner(p),
        _ => FeedScope::All,
    };
    let list = rows(&db, scope).await?;
    Ok(ics(calendar("よりそい 体験会（個人用）", &list, true), "private, max-age=300"))
}

/// `POST /auth/calendar`: makes a new secret address; the old one stops working. Only its
/// hash is kept, so the address is shown once, on the page this redirects to.
pub async fn reset(State(state): State<AppState>, request: Caller) -> Result<Response, AppError> {
    let user = request.require(Area::Home)?;
    let token = ops::reset_calendar_feed(&state.db, &user).await?;
    let page = redirect_with_notice("/account/calendar", NoticeCode::CalendarReset);
    Ok(once::attach(page, NEW_FEED_COOKIE, user.id, &token, state.config.secure_cookies))
}
