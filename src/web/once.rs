//! A secret shown once on the next page (a temporary password, a new private calendar
//! address): it travels in a short-lived HttpOnly cookie, never in a URL, and the server
//! function that reads it clears it. The cookie names the user it was made for, so only
//! they can read it (not the next person signing in at a shared PC), and signing out
//! clears it.

/// A temporary password just issued by an admin.
pub const TEMP_PASSWORD: &str = "yorisoi_temp_password";
/// A private calendar address just made.
pub const NEW_FEED: &str = "yorisoi_new_feed";
/// An integration token just made.
pub const NEW_TOKEN: &str = "yorisoi_new_token";
/// Every one-time cookie, cleared on sign-out.
const NAMES: [&str; 3] = [TEMP_PASSWORD, NEW_FEED, NEW_TOKEN];

use crate::error::AppError;
use axum::response::Response;
use leptos::prelude::use_context;

fn cookie(name: &str, value: &str, max_age: u32, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Adds the secret, for user `owner` only, to `response` for the next five minutes.
pub fn attach(
    mut response: Response,
    name: &str,
    owner: i64,
    value: &str,
    secure: bool,
) -> Response {
    if let Ok(value) = cookie(name, &format!("{owner}.{value}"), 300, secure).parse() {
        response.headers_mut().append(http::header::SET_COOKIE, value);
    }
    response
}

/// Clears every one-time cookie in the browser (on sign-out).
pub fn clear_all(mut response: Response, secure: bool) -> Response {
    for name in NAMES {
        if let Ok(clear) = cookie(name, "", 0, secure).parse() {
            response.headers_mut().append(http::header::SET_COOKIE, clear);
        }
    }
    response
}

/// The secret the current request carries for user `owner`, if any; the answer clears it
/// in the browser whoever it was for. Call from a server function.
pub fn take(name: &str, owner: i64) -> Result<Option<String>, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let value = super::extract::cookie(&parts.headers, name)
        .and_then(|v| v.split_once('.'))
        .filter(|(id, v)| *id == owner.to_string() && !v.is_empty())
        .map(|(_, v)| v.to_string());
    let present = super::extract::cookie(&parts.headers, name).is_some_and(|v| !v.is_empty());
    if present {
        let secure = super::app_state()?.config.secure_cookies;
        if let (Some(response), Ok(clear)) =
            (use_context::<leptos_axum::ResponseOptions>(), cookie(name, "", 0, secure).parse())
        {
            response.append_header(http::header::SET_COOKIE, clear);
        }
    }
    Ok(value)
}
