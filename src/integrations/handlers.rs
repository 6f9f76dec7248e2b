//! Form routes of integrations (admins): make a token, revoke one.

use super::{ops, Scope};
use crate::auth::Area;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

const PAGE: &str = "/admin/integrations";

/// `POST /forms/integrations`: a new token with a name and scopes, shown once on the next
/// page.
pub async fn create(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::AdminUsers)?;
    let name = fields.text(&mut feedback, "name", 100).trim().to_string();
    if name.is_empty() {
        feedback.error("name", ErrorCode::Required);
    }
    let chosen = fields.all("scope");
    let scopes: Vec<Scope> =
        Scope::ALL.into_iter().filter(|s| chosen.contains(&s.code())).collect();
    if scopes.is_empty() {
        feedback.error("scope", ErrorCode::ChoiceRequired);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(PAGE));
    }
    let (_, token) = ops::create(&state.db, Some(&user), &name, &scopes).await?;
    let page = redirect_with_notice(PAGE, NoticeCode::TokenCreated);
    let secure = state.config.secure_cookies;
    Ok(crate::web::once::attach(page, crate::web::once::NEW_TOKEN, user.id, &token, secure))
}

/// `POST /forms/integrations/{id}/revoke`: the token opens nothing from now on.
pub async fn revoke(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::AdminUsers)?;
    if !ops::revoke(&state.db, &user, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_notice(PAGE, NoticeCode::TokenRevoked))
}

/// The form routes of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/integrations", post(create))
        .route("/forms/integrations/{id}/revoke", post(revoke))
}
