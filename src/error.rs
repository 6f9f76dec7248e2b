//! The one error type of server functions. What the user may read is a [`Localized`]
//! message chosen here; causes go to the log and never to the browser.

use crate::i18n::{Localized, Messages};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Localized),
    #[error("internal error")]
    Internal,
    /// A form post or download the server could not make sense of (a crafted request).
    #[error("bad request")]
    BadRequest,
    /// The same user asked too often in a short time (429).
    #[error("too many requests")]
    TooMany,
    /// The request did not reach the server function (network, decoding).
    #[error("request failed: {0}")]
    Request(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server this is a request we could not decode: answer 400, not 500, as a
        // `BadRequest`, so the browser can tell it from a request that never arrived
        // (`Request`), which is worth sending again.
        #[cfg(feature = "ssr")]
        {
            let _ = value;
            AppError::BadRequest.respond()
        }
        #[cfg(not(feature = "ssr"))]
        AppError::Request(value.to_string())
    }
}

impl AppError {
    /// The message to show, in the page's language.
    pub fn message(&self, m: &'static Messages) -> String {
        match self {
            AppError::Unauthenticated => m.common.error_unauthenticated.into(),
            AppError::Forbidden => m.common.error_forbidden.into(),
            AppError::NotFound => m.common.error_not_found.into(),
            AppError::Invalid(text) => text.get(m.locale).to_string(),
            AppError::Internal => m.common.error_internal.into(),
            AppError::TooMany => m.common.error_too_many.into(),
            AppError::Request(_) | AppError::BadRequest => m.common.error_request.into(),
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AppError::Request(_) | AppError::BadRequest => StatusCode::BAD_REQUEST,
        }
    }

    /// An internal failure with a cause that is not a database or `anyhow` error: logged,
    /// and the user reads only that something went wrong.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal.respond()
    }

    /// Sets the response status of the current request to match, and returns the error.
    #[cfg(feature = "ssr")]
    pub fn respond(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal.respond()
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        tracing::error!(error = format!("{e:#}"), "internal error");
        AppError::Internal.respond()
    }
}
