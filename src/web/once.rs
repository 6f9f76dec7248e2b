//! A secret shown once on the next page (a temporary password, a new private calendar
//! address): it travels in a short-lived HttpOnly cookie, never in a URL, and the server
//! function that reads it clears it.

use crate::error::AppError;
use axum::response::Response;
use leptos::prelude::use_context;

fn cookie(name: &str, value: &str, max_age: u32, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Adds the secret to `response` for the next five minutes.
pub fn attach(mut response: Response, name: &str, value: &str, secure: bool) -> Response {
    if let Ok(value) = cookie(name, value, 300, secure).parse() {
        response.headers_mut().append(http::header::SET_COOKIE, value);
    }
    response
}

/// The secret the current request carries, if any; the answer clears it in the browser.
/// Call from a server function.
pub fn take(name: &str) -> Result<Option<String>, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let value =
        super::extract::cookie(&parts.headers, name).filter(|v| !v.is_empty()).map(str::to_string);
    if value.is_some() {
        let secure = super::app_state()?.config.secure_cookies;
        if let (Some(response), Ok(clear)) =
            (use_context::<leptos_axum::ResponseOptions>(), cookie(name, "", 0, secure).parse())
        {
            response.append_header(http::header::SET_COOKIE, clear);
        }
    }
    Ok(value)
}
