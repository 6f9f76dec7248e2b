//! Who is asking: the session the middleware resolved, as an axum extractor for form routes
//! and downloads, and from the request context for server functions and page renders.

use crate::auth::{Area, CurrentUser};
use crate::error::AppError;
use crate::i18n::Locale;
use axum::extract::FromRequestParts;
use http::request::Parts;

/// Who is asking, put into every request's extensions by the auth middleware.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub user: Option<CurrentUser>,
    pub locale: Locale,
    pub token: Option<String>,
}

impl Caller {
    /// The one permission check of routes and server functions: the caller must be signed
    /// in (401) and their role allowed in `area` (403).
    pub fn require(&self, area: Area) -> Result<CurrentUser, AppError> {
        match &self.user {
            None => Err(AppError::Unauthenticated),
            Some(user) if !area.allows(user.role) => Err(AppError::Forbidden),
            Some(user) => Ok(user.clone()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Caller>().cloned().unwrap_or_default())
    }
}

/// The session of the request being handled by a server function or page render.
pub fn caller() -> Option<Caller> {
    leptos::prelude::use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}
