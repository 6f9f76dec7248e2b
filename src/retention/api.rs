//! Server functions of the retention page and the file register. Admins only.

use super::{Overview, RegisterFile};
use crate::error::AppError;
use leptos::prelude::*;

/// The rules with what each would do today, the nightly switch and the last runs.
#[server(endpoint = "retention/overview")]
pub async fn retention_overview() -> Result<Overview, AppError> {
    crate::auth::require(crate::auth::Area::AdminData)?;
    let today = crate::domain::today_in_japan();
    super::ops::overview(&crate::web::db()?, today).await
}

/// The file register, in the reader's language.
#[server(endpoint = "retention/register")]
pub async fn register_files() -> Result<Vec<RegisterFile>, AppError> {
    crate::auth::require(crate::auth::Area::AdminData)?;
    let locale = crate::web::extract::caller().unwrap_or_default().locale;
    super::ops::register(&crate::web::db()?, locale).await
}
