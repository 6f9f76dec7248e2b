//! Server functions of the city's settings (admins).

use super::City;
use crate::error::AppError;
use leptos::prelude::*;

/// The settings as saved, for `/admin/city`.
#[server(endpoint = "city/settings")]
pub async fn load_city() -> Result<City, AppError> {
    crate::auth::require(crate::auth::Area::AdminData)?;
    let db = crate::web::db()?;
    let mut conn = db.pool.acquire().await?;
    Ok(super::store::read(&mut conn).await?)
}
