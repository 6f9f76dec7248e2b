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

/// The address a request came from, for the public forms' rate limits: the connection's
/// peer, or behind a trusted proxy (`Config::trust_proxy`) the last address the proxy
/// added to `X-Forwarded-For` (earlier ones are the client's to write). "unknown" when
/// neither is there.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<super::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &super::AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .config
            .trust_proxy
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(str::trim)
                    .rfind(|v| !v.is_empty())
                    .map(str::to_string)
            })
            .flatten();
        let peer = || {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        };
        Ok(ClientAddress(forwarded.or_else(peer).unwrap_or_else(|| "unknown".to_string())))
    }
}
