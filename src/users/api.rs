//! Server functions of the user admin pages; each checks the caller's role first.

use super::UserSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Every user account. Admins only.
#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    crate::auth::require(crate::auth::Area::AdminUsers)?;
    Ok(super::store::list(&crate::web::db()?).await?)
}

/// One user account. Admins only.
#[server(endpoint = "users/get")]
pub async fn get_user(id: i64) -> Result<UserSummary, AppError> {
    crate::auth::require(crate::auth::Area::AdminUsers)?;
    super::store::get(&crate::web::db()?, id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())
}

/// The temporary password just issued by this admin, shown once: reading it clears it.
#[server(endpoint = "users/temporary-password")]
pub async fn take_temporary_password() -> Result<Option<String>, AppError> {
    use super::handlers::TEMP_PASSWORD_COOKIE;
    crate::auth::require(crate::auth::Area::AdminUsers)?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let value = crate::auth::middleware::cookie(&parts.headers, TEMP_PASSWORD_COOKIE)
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    if value.is_some() {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(clear) =
                format!("{TEMP_PASSWORD_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
                    .parse()
            {
                response.append_header(http::header::SET_COOKIE, clear);
            }
        }
    }
    Ok(value)
}
