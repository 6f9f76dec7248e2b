//! Calendar feed routes: the public feed of sessions, each user's private feed at a secret
//! address, and resetting that address.

use super::ical::{calendar, rows, FeedScope};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{session::new_token, Area, Role};
use crate::db::{now, Db};
use crate::server::{error_page, AppState};
use crate::ui::form::redirect_with_notice;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

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

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "calendar feed failed");
    error_page(StatusCode::INTERNAL_SERVER_ERROR)
}

/// `GET /calendar/sessions.ics`: every session, no personal data, no sign-in.
pub async fn public(State(db): State<Db>) -> Response {
    match rows(&db, FeedScope::All).await {
        Ok(list) => ics(calendar("東大和市 スマートフォン体験会", &list, false)),
        Err(e) => internal(e),
    }
}

/// `GET /calendar/private/{token}.ics`: a user's own feed, with the notes for volunteers.
/// Volunteers get the sessions they are assigned to, coordinators their partner's sessions,
/// city users all.
pub async fn private(State(db): State<Db>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return error_page(StatusCode::NOT_FOUND);
    };
    let owner: Option<(i64, String, Option<i64>)> = match sqlx::query_as(
        "SELECT u.id, u.role, u.partner_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token = $1 AND u.disabled = 0",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await
    {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    let Some((user, role, partner)) = owner else {
        return error_page(StatusCode::NOT_FOUND);
    };
    let scope = match (Role::from_code(&role), partner) {
        (Some(Role::Volunteer), _) => FeedScope::Assigned(user),
        (Some(Role::Coordinator), Some(p)) => FeedScope::Partner(p),
        _ => FeedScope::All,
    };
    match rows(&db, scope).await {
        Ok(list) => ics(calendar("よりそい 体験会（個人用）", &list, true)),
        Err(e) => internal(e),
    }
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
    Extension(request): Extension<RequestSession>,
) -> Response {
    let user = match request.require(Area::Home) {
        Ok(u) => u.clone(),
        Err(e) => return error_page(e.status()),
    };
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        sqlx::query(
            "INSERT INTO calendar_tokens (user_id, token, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
        )
        .bind(user.id)
        .bind(new_token())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        record(&mut *tx, Some((&user).into()), Action::Update, "user", &user.id.to_string(), Some("calendar feed reset")).await?;
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice("/account/calendar", "calendar_reset"),
        Err(e) => internal(e),
    }
}
