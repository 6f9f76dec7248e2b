//! Server functions of integrations (admins only).

use super::IntegrationsData;
use crate::error::AppError;
use leptos::prelude::*;

/// The tokens for `/admin/integrations`, and a token just made (read once, then cleared).
#[server(endpoint = "integrations/list")]
pub async fn load_integrations() -> Result<IntegrationsData, AppError> {
    let user = crate::auth::require(crate::auth::Area::AdminUsers)?;
    let db = crate::web::db()?;
    Ok(IntegrationsData {
        tokens: super::store::list(&db).await?,
        new_token: crate::web::once::take(crate::web::once::NEW_TOKEN, user.id)?,
    })
}
