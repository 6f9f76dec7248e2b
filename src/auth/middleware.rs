//! Resolves the session cookie once per request, sends anonymous visitors of a page to the
//! sign-in page, and gives handlers and server functions the result.

use super::{signin, Area, CurrentUser};
use crate::error::AppError;
use crate::i18n::{Locale, LANG_COOKIE};
pub use crate::web::extract::{caller, cookie, Caller};
use crate::web::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::Method;

/// Where a sign-in (`next`) or the language switch (`back`) may send the user afterwards: a
/// path on this site, else `/`. Refused: anything not starting with one `/`, backslashes,
/// control characters (a browser drops a tab or newline, so `/\t/evil.example` would become
/// `//evil.example`, and CR/LF would break the header), the same written percent-encoded,
/// and anything a URL parser resolves to another host.
pub fn safe_next(next: &str) -> &str {
    let decoded = percent_encoding::percent_decode_str(next).decode_utf8_lossy();
    let suspicious = |text: &str| {
        !text.starts_with('/')
            || text.starts_with("//")
            || text.chars().any(|c| c == '\\' || c.is_control())
    };
    let base = url::Url::parse("http://yorisoi.invalid/").ok();
    let same_host = base
        .and_then(|b| b.join(next).ok())
        .is_some_and(|u| u.host_str() == Some("yorisoi.invalid"));
    if suspicious(next) || suspicious(&decoded) || !same_host {
        "/"
    } else {
        next
    }
}

pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/pkg/") || path == "/healthz" {
        return next.run(request).await;
    }
    if state.city.stale() {
        // A failed read keeps the copy and waits as long as a good one before the next try
        // (the database's state is reported by /healthz).
        let read = match state.db.pool.acquire().await {
            Ok(mut conn) => crate::city::store::read(&mut conn).await.ok(),
            Err(_) => None,
        };
        state.city.set(read.unwrap_or_else(|| state.city.get()));
    }
    let headers = request.headers();
    let token = cookie(headers, signin::COOKIE).map(str::to_string);
    let user = match &token {
        Some(t) => match signin::resolve(&state.db, t).await {
            Ok(user) => user,
            Err(e) => {
                tracing::error!(error = %e, "resolving session");
                return crate::web::reply::unavailable();
            }
        },
        None => None,
    };
    let locale = user
        .as_ref()
        .and_then(|u| u.locale)
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(Locale::from_code))
        .unwrap_or_default();

    let is_page = matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.contains('.');
    // A temporary password allows changing it and signing out, nothing else: pages send the
    // user to the password page (below), server functions and form routes are refused.
    let held = user.as_ref().is_some_and(|u| u.must_change_password)
        && !is_page
        && !matches!(path.as_str(), "/auth/password" | "/auth/logout");
    if held {
        return if path.starts_with("/api/") {
            AppError::Forbidden.into_response()
        } else {
            Redirect::to("/account/password").into_response()
        };
    }
    if is_page {
        if let Some(_area) = Area::of_path(&path) {
            match &user {
                // A resident or their family at the site's address: the public schedule.
                // (Staff whose sign-in ran out still carry its cookie and sign in again.)
                None if path == "/" && token.is_none() => {
                    return Redirect::to("/public").into_response();
                }
                None => {
                    let wanted =
                        request.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
                    let target = format!(
                        "/login?{}",
                        serde_urlencoded::to_string([("next", wanted)]).unwrap_or_default()
                    );
                    return Redirect::to(&target).into_response();
                }
                Some(u) if u.must_change_password && path != "/account/password" => {
                    return Redirect::to("/account/password").into_response();
                }
                Some(_) => {}
            }
        } else if user.is_some() && path == "/login" {
            return Redirect::to("/").into_response();
        }
    }
    let visitor = cookie(request.headers(), crate::web::drafts::VISITOR_COOKIE).map(str::to_string);
    let owner = token.clone().or(visitor);
    request.extensions_mut().insert(Caller { user, locale, token });
    crate::web::drafts::as_session(owner.as_deref(), next.run(request)).await
}

/// The signed-in user, if any, of the request being rendered or served.
pub fn current_user() -> Option<CurrentUser> {
    caller().and_then(|s| s.user)
}

/// The permission check of every server function: the caller must be signed in and their
/// role must be allowed in `area`. Refusals set the response status (401/403).
pub fn require(area: Area) -> Result<CurrentUser, AppError> {
    caller().unwrap_or_default().require(area).map_err(AppError::respond)
}
