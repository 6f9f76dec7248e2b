//! The integration calling the open API: its token (`Authorization: Bearer …`) checked
//! against the stored hashes, counted as used, and held to a rate per token.

use super::Scope;
use crate::web::AppState;
use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::StatusCode;

/// Calls a token may make in a minute.
pub const PER_MINUTE: u32 = 300;

/// A live token's integration: its id and scopes.
#[derive(Debug, Clone)]
pub struct Integration {
    pub id: i64,
    pub scopes: Vec<Scope>,
}

/// A refusal in the open API's shape: `{"code": …, "message": …}` with its status.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code, "message": self.message });
        (self.status, axum::Json(body)).into_response()
    }
}

pub fn refusal(status: StatusCode, code: &str, message: &str) -> Refusal {
    Refusal { status, code: code.to_string(), message: message.to_string() }
}

impl Integration {
    /// 403 unless the token has `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Refusal> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(refusal(StatusCode::FORBIDDEN, "scope", "This token may not do this."))
        }
    }
}

impl FromRequestParts<AppState> for Integration {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refusal> {
        let token = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 200);
        let unknown = || refusal(StatusCode::UNAUTHORIZED, "token", "A valid token is required.");
        let Some(token) = token else {
            return Err(unknown());
        };
        let hash = crate::web::secret::hash_token(token);
        let found = super::store::use_token(&state.db, &hash, crate::db::now()).await;
        let Some((id, scopes)) = found.map_err(|e| {
            tracing::error!(error = %e, "checking an integration token");
            refusal(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Try again later.")
        })?
        else {
            return Err(unknown());
        };
        if !state.limits.allow("integration", id, PER_MINUTE) {
            return Err(refusal(StatusCode::TOO_MANY_REQUESTS, "limited", "Too many calls."));
        }
        Ok(Integration { id, scopes })
    }
}
