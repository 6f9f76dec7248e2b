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
    super::store::get(&crate::web::db()?, id).await?.ok_or_else(|| AppError::NotFound.respond())
}

/// The temporary password just issued by this admin, shown once: reading it clears it.
#[server(endpoint = "users/temporary-password")]
pub async fn take_temporary_password() -> Result<Option<String>, AppError> {
    let admin = crate::auth::require(crate::auth::Area::AdminUsers)?;
    crate::web::once::take(super::handlers::TEMP_PASSWORD_COOKIE, admin.id)
}
